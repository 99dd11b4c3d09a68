using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class RateLimitTests : IDisposable
{
    private readonly TestApp app = new(settings: new Dictionary<string, string?>
    {
        ["RateLimiting:SignIn:PermitLimit"] = "2",
        ["RateLimiting:SignIn:Window"] = "01:00:00",
    });

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task Sign_in_posts_past_the_limit_get_429_with_a_clear_page()
    {
        using var browser = app.CreateBrowser();
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await browser.SignInAsync(TestApp.AdminEmail, "Wrong!Pass999");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Too many sign-in attempts", html, StringComparison.Ordinal);
        Assert.Contains("You have tried to sign in too often.", html, StringComparison.Ordinal);
        Assert.False(browser.HasSessionCookie());
    }

    [Fact]
    public async Task Sign_in_page_gets_are_never_limited()
    {
        using var browser = app.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            using var _ = await browser.SignInAsync(TestApp.AdminEmail, "Wrong!Pass999");
        }

        for (var i = 0; i < 20; i++)
        {
            using var page = await browser.GetAsync("/signin");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }
}
