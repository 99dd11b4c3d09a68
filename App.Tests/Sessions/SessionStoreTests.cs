using System.Net;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Sessions;

/// <summary>An app that checks sessions on every request (no cache), so an ended session shows on the next request.</summary>
public sealed class UncachedSessionsApp : IDisposable
{
    public TestApp App { get; } = new(settings: new Dictionary<string, string?> { ["Security:SessionRevalidationInterval"] = "00:00:00" });

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
    }
}

public sealed class SessionStoreTests(UncachedSessionsApp shared) : IClassFixture<UncachedSessionsApp>
{
    private TestApp App => shared.App;

    private async Task<BrowserClient> SignedInAdminAsync()
    {
        var (browser, _) = await App.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        return browser;
    }

    [Fact]
    public async Task A_signed_out_cookie_replayed_by_a_plain_client_is_refused()
    {
        using var browser = await SignedInAdminAsync();
        var copied = browser.SessionCookieValue();
        using (var before = App.Replaying(copied))
        {
            Assert.Equal("200", await before.VisitAsync("/admin"));
        }

        using (await browser.SignOutAsync("/")) { }

        using var replay = App.Replaying(copied);
        Assert.Equal("/signin?returnUrl=%2Fadmin", await replay.VisitAsync("/admin"));
        using var api = await replay.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Every_sign_in_gets_a_new_session_key_and_ends_the_browsers_previous_session()
    {
        using var browser = await SignedInAdminAsync();
        var first = browser.SessionCookieValue();

        using (var again = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword))
        {
            Assert.Equal("/admin", again.RedirectTarget());
        }

        var second = browser.SessionCookieValue();
        Assert.NotEqual(App.SessionKeyIn(first), App.SessionKeyIn(second));
        Assert.Equal("200", await browser.VisitAsync("/admin"));
        using var replay = App.Replaying(first);
        Assert.Equal("/signin?returnUrl=%2Fadmin", await replay.VisitAsync("/admin"));
    }

    [Fact]
    public async Task Another_users_sign_in_on_a_shared_browser_ends_the_first_users_session_and_leaves_its_record_theirs()
    {
        var first = await App.CreateUserAsync(UserAdminSteps.Unique("first"), UserAdminSteps.UserPassword);
        var second = await App.CreateUserAsync(UserAdminSteps.Unique("second"), UserAdminSteps.UserPassword);
        var (browser, _) = await App.SignInAsync(first.UserName!, UserAdminSteps.UserPassword);
        using (browser)
        {
            var firstCookie = browser.SessionCookieValue();

            using (await browser.SignInAsync(second.UserName!, UserAdminSteps.UserPassword)) { }

            Assert.Equal("200", await browser.VisitAsync("/account"));
            var firstSessions = await App.SessionsOfAsync(first.Id);
            Assert.All(firstSessions, s => Assert.NotNull(s.EndedAt));
            Assert.Single(await App.SessionsOfAsync(second.Id), s => s.EndedAt is null);
            using var replay = App.Replaying(firstCookie);
            Assert.Equal("/signin?returnUrl=%2Faccount", await replay.VisitAsync("/account"));
        }
    }

    [Fact]
    public async Task The_signed_in_cookie_is_under_512_bytes()
    {
        using var browser = App.CreateBrowser();

        using var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        var header = response.SetCookieHeader(BrowserClientExtensions.SessionCookie);
        Assert.NotNull(header);
        Assert.True(header.Split(';')[0].Length < 512, $"The session cookie is {header.Split(';')[0].Length} bytes.");
    }

    [Fact]
    public async Task The_database_keeps_only_a_hash_of_the_session_key()
    {
        using var browser = await SignedInAdminAsync();
        var key = App.SessionKeyIn(browser.SessionCookieValue());

        var rows = await App.WithDbAsync(db => db.Sessions.AsNoTracking().ToListAsync());

        Assert.Single(rows, s => s.KeyHash == SessionKeys.Hash(key));
        Assert.DoesNotContain(rows, s => s.KeyHash == key || s.Id == key
            || System.Text.Encoding.UTF8.GetString(s.Ticket).Contains(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("garbage")]
    [InlineData("unknown")]
    public async Task A_tampered_garbage_or_unknown_session_cookie_is_a_signed_out_request(string kind)
    {
        using var browser = await SignedInAdminAsync();
        var cookie = browser.SessionCookieValue();
        var value = kind switch
        {
            "tampered" => cookie[..20] + (cookie[20] == 'A' ? 'B' : 'A') + cookie[21..],
            "garbage" => "not-a-cookie%%",
            _ => await UnknownKeyCookieAsync(),
        };

        using var replay = App.Replaying(value);

        Assert.Equal("/signin?returnUrl=%2Fadmin", await replay.VisitAsync("/admin"));
        using var api = await replay.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("200", await replay.VisitAsync("/signin"));
    }

    /// <summary>A cookie the app protected itself, for a session that was never stored: a signed-out cookie after the purge.</summary>
    private async Task<string> UnknownKeyCookieAsync()
    {
        using var browser = await SignedInAdminAsync();
        var cookie = browser.SessionCookieValue();
        var hash = SessionKeys.Hash(App.SessionKeyIn(cookie));
        await App.WithDbAsync(db => db.Sessions.Where(s => s.KeyHash == hash).ExecuteDeleteAsync());
        return cookie;
    }
}
