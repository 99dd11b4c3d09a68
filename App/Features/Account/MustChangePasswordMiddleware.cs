using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Account;

/// <summary>
/// Keeps a user whose password must change (a generated first or reset password) on the change-password page, in a
/// session signed in with that password. A DingTalk (or any external) session of the same user goes on as any other:
/// the flag waits for their next password sign-in.
/// </summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    private static readonly PathString[] Allowed =
    [
        SignInRedirect.ChangePassword, RecentSignIn.ConfirmPath, "/signin", "/error", "/not-found",
    ];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(AppClaimTypes.MustChangePassword, "true")
            && AppClaimTypes.IsPasswordSession(context.User)
            && !Allowed.Any(p => context.Request.Path.StartsWithSegments(p))
            && context.GetEndpoint() is { } endpoint
            && (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
                || context.Request.Path.StartsWithSegments("/api")
                || context.Request.Path.StartsWithSegments(AccountMessages.PagePath)))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var text = context.RequestServices.GetRequiredService<IStringLocalizer<AccountText>>();
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: text["MustChangePassword"])
                    .ExecuteAsync(context);
            }

            // A form post (link, unlink) cannot be replayed by a redirect; the user comes back to the page instead.
            var returnUrl = HttpMethods.IsGet(context.Request.Method)
                ? context.Request.PathBase + context.Request.Path + context.Request.QueryString
                : context.Request.PathBase + AccountMessages.PagePath;
            context.Response.Redirect($"{SignInRedirect.ChangePassword}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return Task.CompletedTask;
        }

        return next(context);
    }
}
