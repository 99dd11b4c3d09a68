using BlazorAuth.Features.Account;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// "Link" on /account, for every provider that declares it can link: the signed-in user runs the provider's flow, and
/// the callback binds the account to them instead of signing anyone in (see <see cref="ExternalCompletion.LinkAsync"/>).
/// </summary>
public static class ExternalLinking
{
    /// <summary>POST {account}/link/{type}/{name}, mapped on the signed-in, antiforgery-checked /account group.</summary>
    public static RouteHandlerBuilder MapExternalLink(this IEndpointRouteBuilder account) =>
        account.MapPost("/link/{type}/{name}", async (
                string type,
                string name,
                HttpContext http,
                ExternalChallenges challenges,
                ExternalProviders providers,
                UserManager<AppUser> users,
                AppDbContext db,
                AuditRecorder audit) =>
            {
                var userId = users.GetUserId(http.User);
                if (userId is null)
                {
                    return Results.Challenge();
                }

                if (await http.RequireRecentSignInAsync(ExternalSignInPaths.Link(type, name)) is { } confirmFirst)
                {
                    return confirmFirst;
                }

                // Refused before the provider is asked: on the log like the refusals its callback ends with.
                IResult Refuse(string code)
                {
                    audit.LinkRefused(http, userId, name, code);
                    return Results.Redirect(LinkResults.ErrorUrl(code));
                }

                if (providers.Find(type)?.Definition.CanLink != true || challenges.Usable(type, name) is not { } authenticator)
                {
                    return Refuse(SignInErrors.AuthenticatorUnavailable);
                }

                if (!challenges.HasReadableSecrets(authenticator))
                {
                    return Refuse(SignInErrors.AuthenticatorMisconfigured);
                }

                if (await db.UserBindings.AnyAsync(b => b.AuthenticatorId == authenticator.Id && b.UserId == userId, http.RequestAborted))
                {
                    return Refuse(LinkResults.AlreadyLinked);
                }

                var properties = challenges.NewProperties();
                properties.Items[ExternalSignInPaths.Items.LinkUser] = userId;
                return Results.Challenge(properties, [ExternalSignInPaths.Scheme(type, name)]);
            })
            .RequireRateLimiting(RateLimitingSetup.SignInPolicy)
            .WithMetadata(new ChallengeEndpointMarker());
}
