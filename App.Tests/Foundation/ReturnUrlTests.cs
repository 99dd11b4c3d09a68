using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class ReturnUrlTests(SharedApp shared) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task Local_returnUrl_is_honoured()
    {
        using var browser = shared.App.CreateBrowser();

        var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword, returnUrl: "/admin/plugins");

        Assert.Equal("/admin/plugins", response.RedirectTarget());
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Non_local_returnUrl_is_ignored(string returnUrl)
    {
        using var browser = shared.App.CreateBrowser();

        var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword, returnUrl);

        Assert.Equal("/admin", response.RedirectTarget());
    }
}
