namespace BlazorAuth.Features.Users;

public static class AppClaimTypes
{
    public const string DisplayName = "blazorauth:display_name";
    public const string AvatarUrl = "blazorauth:avatar_url";
    public const string MustChangePassword = "blazorauth:must_change_password";

    /// <summary>Identity's own "amr" claim type; "pwd" for a password sign-in.</summary>
    public const string AuthenticationMethodReference = "amr";
}
