using System.Security.Claims;
using BlazorAuth.Features.Authenticators;

namespace BlazorAuth.Features.Users;

/// <summary>The authenticator a session was signed in through: the <see cref="ClaimTypes.AuthenticationMethod"/> claim.</summary>
public static class SignInMethod
{
    public static string? Of(ClaimsPrincipal? principal) => principal?.FindFirstValue(ClaimTypes.AuthenticationMethod);

    /// <summary>
    /// False once that authenticator is disabled, deleted or its plugin deactivated, and for a session that does not
    /// say how it was signed in (every sign-in path records it, so such a session is refused rather than trusted).
    /// </summary>
    public static bool IsStillUsable(ClaimsPrincipal? principal, AuthSnapshot snapshot) =>
        Of(principal) is { } name && snapshot.Authenticators.Any(a => a.Name == name && snapshot.IsUsable(a));
}
