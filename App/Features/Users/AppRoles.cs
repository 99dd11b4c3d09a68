namespace BlazorAuth.Features.Users;

public static class AppRoles
{
    public const string Admin = "Admin";
}
