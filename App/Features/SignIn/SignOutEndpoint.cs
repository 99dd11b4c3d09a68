using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BlazorAuth.Features.SignIn;

public static class SignOutEndpoint
{
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder endpoints)
    {
        // [FromForm] makes the endpoint demand a valid antiforgery token.
        endpoints.MapPost("/signout", async (SignInManager<AppUser> signIn, HttpContext http, BlazorAuth.Features.Audit.AuditRecorder audit, [FromForm] string? returnUrl) =>
        {
            audit.SignOut(http, http.User, BlazorAuth.Features.Sessions.SessionClaims.IdOf(http.User));
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(LocalUrl.OrDefault(returnUrl, IdentitySetup.SignInPath + "?signedOut=1"));
        }).DisableRateLimiting();
        return endpoints;
    }
}
