namespace BlazorAuth.Features.Users;

public static class AppRoles
{
    public const string Admin = "Admin";

    /// <summary>Every role an administrator can grant.</summary>
    public static readonly IReadOnlyList<string> All = [Admin];
}
