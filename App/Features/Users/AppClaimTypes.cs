namespace BlazorAuth.Features.Users;

public static class AppClaimTypes
{
    public const string DisplayName = "blazorauth:display_name";
    public const string AvatarUrl = "blazorauth:avatar_url";
    public const string MustChangePassword = "blazorauth:must_change_password";

    /// <summary>Identity's own "amr" claim type; "pwd" for a password sign-in.</summary>
    public const string AuthenticationMethodReference = "amr";

    /// <summary>The <see cref="AuthenticationMethodReference"/> of a session signed in with a password.</summary>
    public const string PasswordMethod = "pwd";

    public static bool IsPasswordSession(System.Security.Claims.ClaimsPrincipal principal) =>
        principal.HasClaim(AuthenticationMethodReference, PasswordMethod);
}
