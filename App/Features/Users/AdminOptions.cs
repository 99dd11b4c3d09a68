namespace BlazorAuth.Features.Users;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string Email { get; set; } = "admin@blazorauth.local";

    public string? Password { get; set; }

    public string DisplayName { get; set; } = "Administrator";

    /// <summary>Where a generated first password is written, relative to the content root.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    public const string PasswordFileName = "initial-admin-password.txt";
}
