using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class WrongCredentialsTests : IDisposable
{
    private const string UserPassword = "User!Pass12345";

    private readonly TestApp app = new();

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    private async Task<string?> RefusedMessageAsync(string login, string password)
    {
        using var browser = app.CreateBrowser();
        using var response = await browser.SignInAsync(login, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.SetCookieHeader(BrowserClientExtensions.SessionCookie));
        Assert.False(browser.HasSessionCookie());
        return Html.AlertText(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_password_shows_a_clear_message_and_does_not_sign_in()
    {
        var message = await RefusedMessageAsync(TestApp.AdminEmail, "Wrong!Pass999");

        Assert.Equal("The email, user name or password is incorrect, or this account cannot sign in right now.", message);
    }

    [Fact]
    public async Task Wrong_password_unknown_account_locked_and_timed_out_accounts_get_the_same_message()
    {
        await app.CreateUserAsync("locked", UserPassword, "Locked User");
        await app.LockOutAsync("locked");
        await app.CreateUserAsync("flooded", UserPassword, "Flooded User");
        await app.StartTimedLockoutAsync("flooded");

        var wrongPassword = await RefusedMessageAsync(TestApp.AdminEmail, "Wrong!Pass999");
        var unknownAccount = await RefusedMessageAsync("nobody@test.local", "Wrong!Pass999");
        var unknownUserName = await RefusedMessageAsync("nobody", "Wrong!Pass999");
        var lockedWithRightPassword = await RefusedMessageAsync("locked", UserPassword);
        var floodedFromAnUnknownBrowser = await RefusedMessageAsync("flooded", UserPassword);

        Assert.False(string.IsNullOrWhiteSpace(wrongPassword));
        Assert.Equal(wrongPassword, unknownAccount);
        Assert.Equal(wrongPassword, unknownUserName);
        Assert.Equal(wrongPassword, lockedWithRightPassword);
        Assert.Equal(wrongPassword, floodedFromAnUnknownBrowser);
    }

    [Fact]
    public async Task After_a_refused_sign_in_the_console_still_requires_sign_in()
    {
        using var browser = app.CreateBrowser();
        await browser.SignInAsync(TestApp.AdminEmail, "Wrong!Pass999");

        using var response = await browser.GetAsync("/admin");

        Assert.StartsWith("/signin", response.RedirectTarget(), StringComparison.Ordinal);
    }
}
