using System.Security.Claims;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// What happens around every remote type's handler: a received ticket becomes an application sign-in, a link, or a typed
/// refusal, and every failure ends on /signin (or /account, for a link) with a fixed error code. Details go to the log.
/// </summary>
public sealed class ExternalSignInEvents(
    ExternalProviders providers,
    ExternalCompletion completion,
    PublicBaseUrl publicUrls,
    ILogger<ExternalSignInEvents> logger) : OAuthEvents
{
    /// <summary>The redirect_uri comes from the public base URL, so it is exactly the Redirect URL the admin form shows.</summary>
    public override Task RedirectToAuthorizationEndpoint(RedirectContext<OAuthOptions> context)
    {
        var redirectUri = PublicBaseUrl.Combine(publicUrls.For(context.Request), context.Options.CallbackPath);
        var uri = new Uri(context.RedirectUri);
        var query = QueryHelpers.ParseQuery(uri.Query);
        query["redirect_uri"] = redirectUri;
        context.Response.Redirect(uri.GetLeftPart(UriPartial.Path) + QueryString.Create(query));
        return Task.CompletedTask;
    }

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        context.HandleResponse();
        var (provider, name) = ProviderOf(context.Scheme);
        var identity = provider.Definition.ReadIdentity(context.Principal!);
        context.Response.Redirect(LinkUserOf(context.Properties) is { } linkUserId
            ? await completion.LinkAsync(context.HttpContext, provider, name, linkUserId, identity)
            : await completion.SignInAsync(provider, name, identity, context.Properties, context.HttpContext.RequestAborted));
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        context.HandleResponse();
        var (provider, name) = ProviderOf(context.Scheme);
        var failures = provider.Definition.Failures;
        var failure = Classify(failures, context.Failure);
        var details = context.Failure is null ? null : failures.Describe(context.Failure);
        logger.LogWarning("{Provider} sign-in on {Authenticator} failed ({Code}): {Message}{Details}",
            provider.Definition.DisplayName, name, failure.Code, context.Failure?.Message, details is null ? "" : " " + details);
        context.Response.Redirect(ExternalCompletion.FailureUrl(name, context.Properties, failure.Code, failure.Permission, failures.KnownPermissions));
        return Task.CompletedTask;
    }

    public override Task AccessDenied(AccessDeniedContext context)
    {
        context.HandleResponse();
        var (provider, name) = ProviderOf(context.Scheme);
        logger.LogInformation("{Provider} sign-in on {Authenticator} cancelled by the user.", provider.Definition.DisplayName, name);
        context.Response.Redirect(ExternalCompletion.FailureUrl(name, context.Properties, SignInErrors.ConsentDenied, null, null));
        return Task.CompletedTask;
    }

    /// <summary>The provider's own failures in its terms; else the refusals of the stock handler, which every provider shares.</summary>
    public static ExternalFailure Classify(ExternalFailures failures, Exception? failure) => (failure is null ? null : failures.Classify(failure)) ?? failure switch
    {
        // The provider sent ?error=… : the user cancelled, or the provider refused before asking.
        AuthenticationFailureException e when e.Data.Contains("error") => new(SignInErrors.ConsentDenied),
        // State missing or tampered, correlation cookie absent (another browser).
        _ => new(SignInErrors.StateInvalid),
    };

    private (ExternalProvider Provider, string Authenticator) ProviderOf(AuthenticationScheme scheme) =>
        ExternalSignInPaths.TryParseScheme(scheme.Name, out var type, out var name) && providers.Find(type) is { } provider
            ? (provider, name)
            : throw new InvalidOperationException($"Scheme {scheme.Name} belongs to no external provider.");

    internal static string? LinkUserOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(ExternalSignInPaths.Items.LinkUser, out var userId) == true && !string.IsNullOrEmpty(userId) ? userId : null;
}

/// <summary>The end of every external flow: a session, a link, or the refusal redirect with a code.</summary>
public sealed class ExternalCompletion(
    AuthenticatorSnapshot authenticators,
    ExternalUserResolver resolver,
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    ILogger<ExternalCompletion> logger)
{
    /// <summary>Signs the person in and answers where to send the browser: their landing page, or /signin with a code.</summary>
    public async Task<string> SignInAsync(ExternalProvider provider, string name, ExternalIdentity identity, AuthenticationProperties? properties, CancellationToken ct)
    {
        var providerName = provider.Definition.DisplayName;
        if (authenticators.FindUsable(name, provider.Type) is not { } authenticator)
        {
            return SignInErrors.Url(name, SignInErrors.AuthenticatorUnavailable);
        }

        var result = await resolver.ResolveAsync(authenticator, AutoSignup(authenticator), identity, ct);
        if (result.User is not { } user)
        {
            logger.LogInformation("{Provider} sign-in on {Authenticator} for {ProviderKey} refused: {Refusal}.", providerName, name, identity.ProviderKey, result.Refusal);
            return SignInErrors.Url(name, result.Refusal!);
        }

        // Not the timed lockout after wrong passwords: that limits password sign-in only, or a stranger's guesses at a
        // login name would keep its owner out of external sign-in too. An administrator's lock refuses everything.
        if (!await signIn.CanSignInAsync(user))
        {
            logger.LogInformation("{Provider} sign-in on {Authenticator} refused: user {UserId} may not sign in.", providerName, name, user.Id);
            return SignInErrors.Url(name, SignInErrors.AccountUnavailable);
        }

        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(ClaimTypes.AuthenticationMethod, name)]);
        logger.LogInformation("User {UserId} signed in with {Provider} authenticator {Authenticator}.", user.Id, providerName, name);
        string? returnUrl = null;
        properties?.Items.TryGetValue(ExternalSignInPaths.Items.ReturnUrl, out returnUrl);
        // "Must change password" belongs to sessions signed in with that password; this one was not.
        return SignInRedirect.Target(returnUrl, await users.IsInRoleAsync(user, AppRoles.Admin), mustChangePassword: false);
    }

    /// <summary>
    /// The callback of a link flow: the browser must still be signed in as the user who started it. Answers where to send
    /// the browser: /account with a status or error code. Nobody is signed in or out here.
    /// </summary>
    public async Task<string> LinkAsync(HttpContext http, ExternalProvider provider, string name, string linkUserId, ExternalIdentity identity)
    {
        var providerName = provider.Definition.DisplayName;
        // The remote handler runs before the app cookie is read, so ask for it here.
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || users.GetUserId(session.Principal!) != linkUserId)
        {
            logger.LogInformation("{Provider} link on {Authenticator} refused: the browser is no longer signed in as user {UserId}.", providerName, name, linkUserId);
            return LinkResults.ErrorUrl(LinkResults.LinkSessionChanged);
        }

        if (!provider.Definition.CanLink || authenticators.FindUsable(name, provider.Type) is not { } authenticator)
        {
            return LinkResults.ErrorUrl(SignInErrors.AuthenticatorUnavailable);
        }

        var outcome = await resolver.LinkAsync(authenticator, linkUserId, identity, http.RequestAborted);
        logger.LogInformation("{Provider} link of {ProviderKey} to user {UserId} on {Authenticator}: {Outcome}.", providerName, identity.ProviderKey, linkUserId, name, outcome);
        return outcome switch
        {
            LinkOutcome.Linked or LinkOutcome.AlreadyLinked => LinkResults.StatusUrl(LinkResults.Linked),
            LinkOutcome.BoundToAnotherUser => LinkResults.ErrorUrl(LinkResults.BoundToAnotherUser),
            LinkOutcome.UserHasAnotherBinding => LinkResults.ErrorUrl(LinkResults.AlreadyLinked),
            _ => LinkResults.ErrorUrl(SignInErrors.AccountUnavailable),
        };
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

    private bool AutoSignup(Authenticator authenticator) =>
        authenticators.TypeOf(authenticator) is { } type
        && System.Text.Json.JsonSerializer.Deserialize(authenticator.OptionsJson, type.OptionsType, AuthenticatorStore.Json) is IExternalSignInSettings settings
            ? settings.AutoSignup
            : true;
}
