using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Account;

/// <summary>Keeps a user whose password must change (a generated first or reset password) on the change-password page.</summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    private static readonly PathString[] Allowed =
    [
        SignInRedirect.ChangePassword, "/signin", "/error", "/not-found",
    ];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(AppClaimTypes.MustChangePassword, "true")
            && !Allowed.Any(p => context.Request.Path.StartsWithSegments(p))
            && context.GetEndpoint() is { } endpoint
            && (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null || context.Request.Path.StartsWithSegments("/api")))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var text = context.RequestServices.GetRequiredService<IStringLocalizer<AccountText>>();
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: text["MustChangePassword"])
                    .ExecuteAsync(context);
            }

            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{SignInRedirect.ChangePassword}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return Task.CompletedTask;
        }

        return next(context);
    }
}
