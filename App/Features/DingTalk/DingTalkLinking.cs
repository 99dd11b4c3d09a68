using BlazorAuth.Features.Account;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.DingTalk;

/// <summary>
/// "Link DingTalk" on /account: the signed-in user runs DingTalk's flow, and the callback binds the DingTalk account
/// to them instead of signing anyone in (see <see cref="DingTalkSignInEvents"/>).
/// </summary>
public static class DingTalkLinking
{
    /// <summary>The challenge's item naming the user to link to. It travels inside the data-protected state.</summary>
    public const string LinkUserItem = "dingtalk.linkUser";

    public static string LinkPath(string authenticatorName) => $"{AccountMessages.PagePath}/link/dingtalk/{Uri.EscapeDataString(authenticatorName)}";

    /// <summary>POST {account}/link/dingtalk/{name}, mapped on the signed-in, antiforgery-checked /account group.</summary>
    public static RouteHandlerBuilder MapDingTalkLink(this IEndpointRouteBuilder account) =>
        account.MapPost("/link/dingtalk/{name}", async (
                string name,
                HttpContext http,
                AuthenticatorSnapshot authenticators,
                AuthenticatorSecrets secrets,
                UserManager<AppUser> users,
                AppDbContext db,
                ILoggerFactory logs) =>
            {
                var userId = users.GetUserId(http.User);
                if (userId is null)
                {
                    return Results.Challenge();
                }

                if (authenticators.FindUsable(name, DingTalkPlugin.TypeName) is not { } authenticator)
                {
                    return Results.Redirect(AccountMessages.ErrorUrl(AccountMessages.AuthenticatorUnavailable));
                }

                if (!DingTalkRoutes.HasReadableSecret(authenticator, secrets, logs))
                {
                    return Results.Redirect(AccountMessages.ErrorUrl(SignInErrors.AuthenticatorMisconfigured));
                }

                if (await db.UserBindings.AnyAsync(b => b.AuthenticatorId == authenticator.Id && b.UserId == userId, http.RequestAborted))
                {
                    return Results.Redirect(AccountMessages.ErrorUrl(AccountMessages.AlreadyLinked));
                }

                var properties = new AuthenticationProperties();
                properties.Items[LinkUserItem] = userId;
                return Results.Challenge(properties, [DingTalkAuthenticationDefaults.SchemeFor(name)]);
            })
            .RequireRateLimiting(RateLimitingSetup.SignInPolicy);

    /// <summary>
    /// The callback of a link flow: the browser must still be signed in as the user who started it. Answers where to send
    /// the browser: /account with a status or error code. Nobody is signed in or out here.
    /// </summary>
    internal static async Task<string> CompleteAsync(
        HttpContext http, string name, string linkUserId, DingTalkProfile profile,
        AuthenticatorSnapshot authenticators, DingTalkUserResolver resolver, UserManager<AppUser> users, ILogger logger)
    {
        // The remote handler runs before the app cookie is read, so ask for it here.
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!session.Succeeded || users.GetUserId(session.Principal!) != linkUserId)
        {
            logger.LogInformation("DingTalk link on {Authenticator} refused: the browser is no longer signed in as user {UserId}.", name, linkUserId);
            return AccountMessages.ErrorUrl(AccountMessages.LinkSessionChanged);
        }

        if (authenticators.FindUsable(name, DingTalkPlugin.TypeName) is not { } authenticator)
        {
            return AccountMessages.ErrorUrl(AccountMessages.AuthenticatorUnavailable);
        }

        var outcome = await resolver.LinkAsync(authenticator, linkUserId, profile, http.RequestAborted);
        logger.LogInformation("DingTalk link of {UnionId} to user {UserId} on {Authenticator}: {Outcome}.", profile.UnionId, linkUserId, name, outcome);
        return outcome switch
        {
            LinkOutcome.Linked or LinkOutcome.AlreadyLinked => AccountMessages.StatusUrl(AccountMessages.Linked),
            LinkOutcome.BoundToAnotherUser => AccountMessages.ErrorUrl(AccountMessages.BoundToAnotherUser),
            LinkOutcome.UserHasAnotherBinding => AccountMessages.ErrorUrl(AccountMessages.AlreadyLinked),
            _ => AccountMessages.ErrorUrl(AccountMessages.AccountUnavailable),
        };
    }
}
