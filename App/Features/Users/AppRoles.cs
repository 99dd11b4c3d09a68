using Microsoft.AspNetCore.Authorization;

namespace BlazorAuth.Features.Users;

public static class AppRoles
{
    public const string Admin = "Admin";

    /// <summary>Every role an administrator can grant.</summary>
    public static readonly IReadOnlyList<string> All = [Admin];

    /// <summary>What every admin API requires.</summary>
    public static readonly AuthorizeAttribute AdminOnly = new() { Roles = Admin };
}
