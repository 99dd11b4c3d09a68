namespace BlazorAuth.Features.Users;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>How soon a changed security stamp (lock, password change, role change) ends existing sessions.</summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
