using BlazorAuth.Infrastructure.Security;

namespace BlazorAuth.Features.SignIn;

public static class SignInRedirect
{
    public const string AdminHome = "/admin";
    public const string UserHome = "/";
    public const string ChangePassword = "/account/password";

    /// <summary>Where a freshly signed-in user goes: a local returnUrl, else their home; via the password page when it must change.</summary>
    public static string Target(string? returnUrl, bool isAdmin, bool mustChangePassword)
    {
        var target = LocalUrl.OrDefault(returnUrl, isAdmin ? AdminHome : UserHome);
        return mustChangePassword ? $"{ChangePassword}?returnUrl={Uri.EscapeDataString(target)}" : target;
    }
}
