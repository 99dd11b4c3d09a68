using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class SessionCookieTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private TestApp App => shared.App;

    private async Task<BrowserClient> SignedInAdminAsync()
    {
        var browser = App.CreateBrowser();
        using var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        Assert.True(browser.HasSessionCookie(), "The admin could not sign in.");
        return browser;
    }

    [Fact]
    public async Task Session_cookie_is_HttpOnly_and_SameSite_Lax()
    {
        using var browser = App.CreateBrowser();

        using var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        var cookie = response.SetCookieHeader(BrowserClientExtensions.SessionCookie);
        Assert.NotNull(cookie);
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).ToList();
        Assert.Contains(attributes, a => a.Equals("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(attributes, a => a.Equals("samesite=lax", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Session_cookie_is_Secure_when_the_request_came_over_https()
    {
        // Its antiforgery cookie is Secure too, so the form post carries it by hand, as the browser on https would.
        var (_, response) = await ProxiedSignIn.SignInAsync(App, new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" });

        var cookie = response.SetCookieHeader(BrowserClientExtensions.SessionCookie);
        Assert.NotNull(cookie);
        Assert.Contains(cookie.Split(';', StringSplitOptions.TrimEntries), a => a.Equals("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sign_out_with_the_pages_antiforgery_token_signs_out()
    {
        using var browser = await SignedInAdminAsync();

        using var response = await browser.SignOutAsync("/");

        Assert.Equal("/signin?signedOut=1", response.RedirectTarget());
        Assert.False(browser.HasSessionCookie());
        using var console = await browser.GetAsync("/admin");
        Assert.StartsWith("/signin", console.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_without_an_antiforgery_token_is_refused_and_keeps_the_session()
    {
        using var browser = await SignedInAdminAsync();

        using var response = await browser.Http.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(browser.HasSessionCookie());
        using var console = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
    }

    [Fact]
    public async Task Sign_out_by_get_is_not_possible()
    {
        using var browser = await SignedInAdminAsync();

        using var response = await browser.GetAsync("/signout");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True(browser.HasSessionCookie());
        using var console = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
    }
}
