using BlazorAuth.Features.SignIn;

namespace BlazorAuth.Tests.Unit;

public sealed class SignInRedirectTests
{
    [Fact]
    public void Admin_without_returnUrl_goes_to_the_console() =>
        Assert.Equal("/admin", SignInRedirect.Target(null, isAdmin: true, mustChangePassword: false));

    [Fact]
    public void User_without_returnUrl_goes_home() =>
        Assert.Equal("/", SignInRedirect.Target(null, isAdmin: false, mustChangePassword: false));

    [Fact]
    public void Local_returnUrl_wins_over_home() =>
        Assert.Equal("/admin/users?page=2", SignInRedirect.Target("/admin/users?page=2", isAdmin: true, mustChangePassword: false));

    [Theory]
    [InlineData("https://evil.example/", true, "/admin")]
    [InlineData("//evil.example", false, "/")]
    [InlineData("/\\evil.example", true, "/admin")]
    public void Foreign_returnUrl_falls_back_to_home(string returnUrl, bool isAdmin, string expected) =>
        Assert.Equal(expected, SignInRedirect.Target(returnUrl, isAdmin, mustChangePassword: false));

    [Fact]
    public void A_password_that_must_change_goes_through_the_change_password_page_and_keeps_the_destination()
    {
        Assert.Equal("/account/password?returnUrl=%2Fadmin", SignInRedirect.Target(null, isAdmin: true, mustChangePassword: true));
        Assert.Equal("/account/password?returnUrl=%2Fadmin%2Fusers%3Fpage%3D2",
            SignInRedirect.Target("/admin/users?page=2", isAdmin: true, mustChangePassword: true));
        Assert.Equal("/account/password?returnUrl=%2F", SignInRedirect.Target("https://evil.example/", isAdmin: false, mustChangePassword: true));
    }
}
