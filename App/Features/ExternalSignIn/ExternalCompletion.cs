using System.Security.Claims;
using System.Text.Json;
using BlazorAuth.Features.Account;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>The end of every external flow: a session, a link, or the refusal redirect with a code.</summary>
public sealed class ExternalCompletion(
    AuthenticatorSnapshot authenticators,
    ExternalUserResolver resolver,
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    SignInTelemetry telemetry,
    AuditRecorder audit,
    ILogger<ExternalCompletion> logger)
{
    /// <summary>Signs the person in and answers where to send the browser: their landing page, or /signin with a code.</summary>
    public async Task<string> SignInAsync(ExternalProvider provider, string name, ExternalIdentity identity, AuthenticationProperties? properties,
        CancellationToken ct, string method = SignInTelemetry.WebMethod)
    {
        var (target, refusal) = await SignInOrRefuseAsync(provider, name, identity, properties, ct);
        telemetry.Record(signIn.Context, method, provider.Type, refusal);
        audit.ExternalAttempt(signIn.Context, name, method, refusal);
        return target;
    }

    private async Task<(string Target, string? Refusal)> SignInOrRefuseAsync(
        ExternalProvider provider, string name, ExternalIdentity identity, AuthenticationProperties? properties, CancellationToken ct)
    {
        var providerName = provider.Definition.DisplayName;
        if (authenticators.FindUsable(name, provider.Type) is not { } authenticator)
        {
            return (SignInErrors.Url(name, SignInErrors.AuthenticatorUnavailable), SignInErrors.AuthenticatorUnavailable);
        }

        if (ExternalProfileLimits.Clean(identity) is not { } clean)
        {
            logger.LogWarning("{Provider} sign-in on {Authenticator} refused: the provider's key for the person is unusable.", providerName, name);
            return (SignInErrors.Url(name, SignInErrors.MalformedResponse), SignInErrors.MalformedResponse);
        }

        identity = clean;
        var result = await resolver.ResolveAsync(authenticator, Rules(authenticator), identity, ct);
        if (result.User is not { } user)
        {
            AuditNotes.User(signIn.Context, result.KnownUserId);
            logger.LogInformation("{Provider} sign-in on {Authenticator} for {ProviderKey} refused: {Refusal}.", providerName, name, identity.ProviderKey, result.Refusal);
            return (SignInErrors.Url(name, result.Refusal!), result.Refusal!);
        }

        // Not the timed lockout after wrong passwords: that limits password sign-in only, or a stranger's guesses at a
        // login name would keep its owner out of external sign-in too. An administrator's lock refuses everything.
        AuditNotes.User(signIn.Context, user.Id);
        if (!await signIn.CanSignInAsync(user))
        {
            logger.LogInformation("{Provider} sign-in on {Authenticator} refused: user {UserId} may not sign in.", providerName, name, user.Id);
            return (SignInErrors.Url(name, SignInErrors.AccountUnavailable), SignInErrors.AccountUnavailable);
        }

        // The session's write (DbTicketStore) carries what the sign-in owes (the used state, the binding's refresh): one
        // commit. What a refused or failed callback still owes, the state guard writes after it.
        var pending = PendingWrites.For(signIn.Context);
        if (result.Owed is { } owed)
        {
            pending.Add(owed);
        }

        try
        {
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(ClaimTypes.AuthenticationMethod, name)]);
        }
        catch (ExternalSignInRefusal refused)
        {
            logger.LogWarning("{Provider} sign-in on {Authenticator} for user {UserId} refused at its write: {Refusal}.", providerName, name, user.Id, refused.Code);
            return (SignInErrors.Url(name, refused.Code), refused.Code);
        }

        logger.LogInformation("User {UserId} signed in with {Provider} authenticator {Authenticator}.", user.Id, providerName, name);
        string? returnUrl = null;
        properties?.Items.TryGetValue(ExternalSignInPaths.Items.ReturnUrl, out returnUrl);
        // "Must change password" belongs to sessions signed in with that password; this one was not.
        // SignInWithClaimsAsync leaves the new principal on the context, whose role claims answer without another query.
        return (SignInRedirect.Target(returnUrl, signIn.Context.User.IsInRole(AppRoles.Admin), mustChangePassword: false), null);
    }

    /// <summary>
    /// The callback of a link flow: the browser must still be signed in as the user who started it. Answers where to send
    /// the browser: /account with a status or error code. Nobody is signed in or out here.
    /// </summary>
    public async Task<string> LinkAsync(HttpContext http, ExternalProvider provider, string name, string linkUserId, ExternalIdentity identity)
    {
        var (target, refusal) = await LinkOrRefuseAsync(http, provider, name, linkUserId, identity);
        if (refusal is not null)
        {
            audit.LinkRefused(http, linkUserId, name, refusal);
        }

        return target;
    }

    private async Task<(string Target, string? Refusal)> LinkOrRefuseAsync(HttpContext http, ExternalProvider provider, string name, string linkUserId, ExternalIdentity identity)
    {
        var providerName = provider.Definition.DisplayName;
        // The remote handler runs before the app cookie is read, so ask for it here.
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || users.GetUserId(session.Principal!) != linkUserId)
        {
            logger.LogInformation("{Provider} link on {Authenticator} refused: the browser is no longer signed in as user {UserId}.", providerName, name, linkUserId);
            return Refused(LinkResults.LinkSessionChanged);
        }

        if (!provider.Definition.CanLink || authenticators.FindUsable(name, provider.Type) is not { } authenticator)
        {
            return Refused(SignInErrors.AuthenticatorUnavailable);
        }

        if (ExternalProfileLimits.Clean(identity) is not { } clean)
        {
            logger.LogWarning("{Provider} link on {Authenticator} refused: the provider's key for the person is unusable.", providerName, name);
            return Refused(SignInErrors.MalformedResponse);
        }

        identity = clean;
        var outcome = await resolver.LinkAsync(authenticator, linkUserId, identity, http.RequestAborted);
        await RecentSignIn.EndOtherSessionsIfAsync(outcome == LinkOutcome.Linked, http, session.Principal!, linkUserId);
        logger.LogInformation("{Provider} link of {ProviderKey} to user {UserId} on {Authenticator}: {Outcome}.", providerName, identity.ProviderKey, linkUserId, name, outcome);
        return outcome switch
        {
            LinkOutcome.Linked or LinkOutcome.AlreadyLinked => (LinkResults.StatusUrl(LinkResults.Linked), null),
            LinkOutcome.BoundToAnotherUser => Refused(LinkResults.BoundToAnotherUser),
            LinkOutcome.UserHasAnotherBinding => Refused(LinkResults.AlreadyLinked),
            _ => Refused(SignInErrors.AccountUnavailable),
        };

        static (string, string?) Refused(string code) => (LinkResults.ErrorUrl(code), code);
    }

    /// <summary>Where a failed flow ends: /account for a link, else /signin, naming a permission only when the provider knows it.</summary>
    public static string FailureUrl(string name, AuthenticationProperties? properties, string code, string? permission, IReadOnlySet<string>? knownPermissions)
    {
        if (ExternalSignInEvents.LinkUserOf(properties) is not null)
        {
            // The account page words each code, a cancelled link (consent_denied) included.
            return LinkResults.ErrorUrl(code);
        }

        var url = SignInErrors.Url(name, code);
        return permission is not null && knownPermissions?.Contains(permission) == true ? $"{url}&scope={Uri.EscapeDataString(permission)}" : url;
    }

    private ResolutionRules Rules(Authenticator authenticator) => ResolutionRules.Of(
        authenticators.TypeOf(authenticator) is { } type
            ? JsonSerializer.Deserialize(authenticator.OptionsJson, type.OptionsType, AuthenticatorStore.Json) as IExternalSignInSettings
            : null);
}
