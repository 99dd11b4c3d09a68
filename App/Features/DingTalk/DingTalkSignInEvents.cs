using System.Security.Claims;
using System.Text.Json;
using BlazorAuth.Features.Account;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.DingTalk;

/// <summary>
/// What happens around the handler: a received ticket becomes an application sign-in (or a typed refusal),
/// and every failure ends on /signin with a fixed error code. Details go to the log with DingTalk's requestid.
/// </summary>
public sealed class DingTalkSignInEvents(
    AuthenticatorSnapshot authenticators,
    DingTalkUserResolver resolver,
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    ILogger<DingTalkSignInEvents> logger) : OAuthEvents
{
    public override async Task TicketReceived(TicketReceivedContext context)
    {
        context.HandleResponse();
        var options = (DingTalkAuthenticationOptions)context.Options;
        var name = options.AuthenticatorName;
        if (LinkUserOf(context.Properties) is { } linkUserId)
        {
            context.Response.Redirect(await DingTalkLinking.CompleteAsync(
                context.HttpContext, name, linkUserId, DingTalkProfile.From(context.Principal!), authenticators, resolver, users, logger));
            return;
        }

        if (authenticators.FindUsable(name, DingTalkPlugin.TypeName) is not { } authenticator)
        {
            context.Response.Redirect(SignInErrors.Url(name, SignInErrors.AuthenticatorUnavailable));
            return;
        }

        var settings = JsonSerializer.Deserialize<DingTalkAuthenticatorOptions>(authenticator.OptionsJson, AuthenticatorStore.Json) ?? new();
        var profile = DingTalkProfile.From(context.Principal!);
        var result = await resolver.ResolveAsync(authenticator, settings.AutoSignup, profile, context.HttpContext.RequestAborted);
        if (result.User is not { } user)
        {
            logger.LogInformation("DingTalk sign-in on {Authenticator} for {UnionId} refused: {Refusal}.", name, profile.UnionId, result.Refusal);
            context.Response.Redirect(SignInErrors.Url(name, result.Refusal!));
            return;
        }

        // Not the timed lockout after wrong passwords: that limits password sign-in only, or a stranger's guesses at a
        // login name would keep its owner out of DingTalk sign-in too. An administrator's lock refuses everything.
        if (!await signIn.CanSignInAsync(user))
        {
            logger.LogInformation("DingTalk sign-in on {Authenticator} refused: user {UserId} may not sign in.", name, user.Id);
            context.Response.Redirect(SignInErrors.Url(name, SignInErrors.AccountUnavailable));
            return;
        }

        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(ClaimTypes.AuthenticationMethod, name)]);
        logger.LogInformation("User {UserId} signed in with DingTalk authenticator {Authenticator}.", user.Id, name);
        context.Properties!.Items.TryGetValue(DingTalkAuthenticationDefaults.Items.ReturnUrl, out var returnUrl);
        // "Must change password" belongs to sessions signed in with that password; this one was not.
        context.Response.Redirect(SignInRedirect.Target(returnUrl, await users.IsInRoleAsync(user, AppRoles.Admin), mustChangePassword: false));
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        context.HandleResponse();
        var name = ((DingTalkAuthenticationOptions)context.Options).AuthenticatorName;
        var (code, scope) = Classify(context.Failure);
        if (context.Failure is DingTalkAuthenticationException dingTalk)
        {
            logger.LogWarning("DingTalk sign-in on {Authenticator} failed ({Code}): {Message} DingTalk code {DingTalkCode}, requestid {RequestId}, required scopes {Scopes}.",
                name, code, dingTalk.Message, dingTalk.DingTalkCode, dingTalk.RequestId, string.Join(",", dingTalk.RequiredScopes));
        }
        else
        {
            logger.LogWarning("DingTalk sign-in on {Authenticator} failed ({Code}): {Message}", name, code, context.Failure?.Message);
        }

        context.Response.Redirect(LinkUserOf(context.Properties) is null ? SignInErrors.Url(name, code, scope) : AccountMessages.ErrorUrl(code));
        return Task.CompletedTask;
    }

    public override Task AccessDenied(AccessDeniedContext context)
    {
        context.HandleResponse();
        var name = ((DingTalkAuthenticationOptions)context.Options).AuthenticatorName;
        logger.LogInformation("DingTalk sign-in on {Authenticator} cancelled by the user.", name);
        context.Response.Redirect(LinkUserOf(context.Properties) is null
            ? SignInErrors.Url(name, SignInErrors.ConsentDenied)
            : AccountMessages.ErrorUrl(AccountMessages.LinkCancelled));
        return Task.CompletedTask;
    }

    /// <summary>The user a link flow (started on /account) binds to; null for a sign-in.</summary>
    private static string? LinkUserOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(DingTalkLinking.LinkUserItem, out var userId) == true && !string.IsNullOrEmpty(userId) ? userId : null;

    internal static (string Code, string? Scope) Classify(Exception? failure) => failure switch
    {
        DingTalkAuthenticationException e => (e.Failure switch
        {
            DingTalkFailure.StateInvalid => SignInErrors.StateInvalid,
            DingTalkFailure.StateExpired => SignInErrors.StateExpired,
            DingTalkFailure.StateReplayed => SignInErrors.StateReplayed,
            DingTalkFailure.ConsentDenied => SignInErrors.ConsentDenied,
            DingTalkFailure.CodeInvalid => SignInErrors.CodeInvalid,
            DingTalkFailure.InvalidClient => SignInErrors.InvalidClient,
            DingTalkFailure.PermissionDenied => SignInErrors.PermissionDenied,
            DingTalkFailure.Unavailable => SignInErrors.Unavailable,
            DingTalkFailure.Timeout => SignInErrors.Timeout,
            DingTalkFailure.MalformedResponse => SignInErrors.MalformedResponse,
            DingTalkFailure.TokenMissing => SignInErrors.TokenMissing,
            DingTalkFailure.MissingMobile => SignInErrors.MissingMobile,
            DingTalkFailure.MissingUnionId => SignInErrors.MissingUnionId,
            _ => SignInErrors.ProviderError,
        }, e.Failure == DingTalkFailure.PermissionDenied ? e.RequiredScopes.FirstOrDefault(SignInErrors.KnownScopes.Contains) : null),
        // DingTalk sent ?error=… : the user cancelled, or DingTalk refused before asking.
        AuthenticationFailureException e when e.Data.Contains("error") => (SignInErrors.ConsentDenied, null),
        // The stock handler's own refusals: state missing or tampered, correlation cookie absent (another browser).
        _ => (SignInErrors.StateInvalid, null),
    };
}
