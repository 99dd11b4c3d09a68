using BlazorAuth.Features.DingTalk.InApp;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;

// In the plugin's namespace, so Program.cs maps it with the DingTalk plugin's other routes.
namespace BlazorAuth.Features.DingTalk;

public static class DingTalkInAppRoutes
{
    public static IEndpointRouteBuilder MapDingTalkInApp(this IEndpointRouteBuilder endpoints)
    {
        // [FromForm] makes the endpoint demand the page's antiforgery token; it counts as the start of a sign-in.
        endpoints.MapPost("/auth/dingtalk/{name}/in-app", async (string name, [FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, DingTalkInAppSignIn signIn) =>
                Results.Redirect(await signIn.SignInAsync(http, name, code, returnUrl)))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitingSetup.SignInPolicy)
            .WithMetadata(new ChallengeEndpointMarker())
            .ExcludeFromDescription();
        return endpoints;
    }
}
