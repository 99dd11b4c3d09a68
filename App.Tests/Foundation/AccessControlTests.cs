using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class AccessControlTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string UserPassword = "User!Pass12345";

    private TestApp App => shared.App;

    private async Task<BrowserClient> SignedInUserAsync(string userName, string displayName)
    {
        await App.CreateUserAsync(userName, UserPassword, displayName);
        var browser = App.CreateBrowser();
        using var response = await browser.SignInAsync(userName, UserPassword);
        Assert.True(browser.HasSessionCookie(), "The user could not sign in.");
        return browser;
    }

    [Fact]
    public async Task Anonymous_console_visit_redirects_to_sign_in_with_returnUrl()
    {
        using var browser = App.CreateBrowser();

        using var response = await browser.GetAsync("/admin");

        Assert.Equal("/signin?returnUrl=%2Fadmin", response.RedirectTarget());
    }

    [Fact]
    public async Task Anonymous_home_visit_redirects_to_sign_in()
    {
        using var browser = App.CreateBrowser();

        using var response = await browser.GetAsync("/");

        Assert.StartsWith("/signin", response.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_page_is_static_for_anonymous_visitors()
    {
        using var browser = App.CreateBrowser();

        var (status, html) = await browser.GetPageAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("name=\"Input.Login\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<script[^>]*blazor\\.web", html);
    }

    [Fact]
    public async Task Signed_in_non_admin_gets_a_403_access_denied_page_not_a_redirect()
    {
        using var browser = await SignedInUserAsync("reader", "Rita Reader");

        using var response = await browser.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Access denied", html, StringComparison.Ordinal);
        Assert.Contains("You are signed in, but your account may not open this page.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_admin_lands_on_the_home_page_that_shows_their_name_and_sign_in_method()
    {
        await App.CreateUserAsync("walter", UserPassword, "Walter White");
        using var browser = App.CreateBrowser();

        var response = await browser.SignInAsync("walter", UserPassword);

        Assert.Equal("/", response.RedirectTarget());
        var (status, html) = await browser.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"home-name\">Walter White<", html, StringComparison.Ordinal);
        Assert.Contains("Signed in with Password", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_sees_the_console_shell_with_navigation_and_their_menu()
    {
        using var browser = App.CreateBrowser();
        await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        var (status, html) = await browser.GetPageAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("href=\"/admin/plugins\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/authenticators\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/users\"", html, StringComparison.Ordinal);
        Assert.Contains("Administrator", html, StringComparison.Ordinal);
        Assert.Matches("<script[^>]*blazor\\.web", html);
    }
}
