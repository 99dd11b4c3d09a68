using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Account;

/// <summary>The form posts of /account: link an external account, unlink a binding. Signed-in users, antiforgery token required.</summary>
public static class AccountEndpoints
{
    public static string UnlinkPath(string authenticatorName) => $"{AccountMessages.PagePath}/unlink/{Uri.EscapeDataString(authenticatorName)}";

    /// <summary>Where a user goes who unlinked the very binding they were signed in with.</summary>
    public static readonly string SignedOutAfterUnlink =
        $"{IdentitySetup.SignInPath}?error={SignInErrors.UnlinkedSignedOut}&{IdentitySetup.ReturnUrlParameter}={Uri.EscapeDataString(AccountMessages.PagePath)}";

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup(AccountMessages.PagePath)
            .RequireAuthorization()
            .AddEndpointFilter(async (context, next) =>
                await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context.HttpContext)
                    ? await next(context)
                    : Results.BadRequest());

        account.MapExternalLink();
        account.MapAccountSessions();

        account.MapPost("/unlink/{authenticator}", async (
            string authenticator,
            HttpContext http,
            IUserDirectory directory,
            UserManager<AppUser> users,
            SignInManager<AppUser> signIn,
            AppDbContext db,
            Audit.AuditRecorder audit,
            ILoggerFactory logs) =>
        {
            var userId = users.GetUserId(http.User);
            if (userId is null)
            {
                return Results.Challenge();
            }

            if (await http.RequireRecentSignInAsync(UnlinkPath(authenticator)) is { } confirmFirst)
            {
                return confirmFirst;
            }

            var result = await directory.RemoveBindingAsync(userId, authenticator, SessionClaims.IdOf(http.User), http.RequestAborted);
            if (result.Status is StoreStatus.NotFound or StoreStatus.Conflict)
            {
                var refusal = result.Status == StoreStatus.NotFound ? AccountMessages.BindingNotFound : AccountMessages.LastSignInMethod;
                audit.UnlinkRefused(http, userId, authenticator, refusal);
                return Results.Redirect(AccountMessages.ErrorUrl(refusal));
            }

            logs.CreateLogger(typeof(AccountEndpoints)).LogInformation("User {UserId} unlinked their binding on {Authenticator}.", userId, authenticator);

            // The session rested on the binding that is gone: it ends here, as it would everywhere else.
            if (SignInMethod.Of(http.User) == authenticator)
            {
                await signIn.SignOutAsync();
                return Results.Redirect(SignedOutAfterUnlink);
            }

            // The user's other sessions ended with the binding; this browser keeps going with a refreshed cookie.
            // The cookie check loaded the user into this request's context before the stamp changed, so read it again.
            if (await users.FindByIdAsync(userId) is { } user)
            {
                await db.Entry(user).ReloadAsync(http.RequestAborted);
                await signIn.RefreshSignInAsync(user);
            }

            return Results.Redirect(AccountMessages.StatusUrl(AccountMessages.Unlinked));
        });

        return endpoints;
    }
}
