using System.Net;
using System.Text.RegularExpressions;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Sessions;

public sealed partial class AccountSessionsTests(UncachedSessionsApp shared) : IClassFixture<UncachedSessionsApp>
{
    private const string Firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    private TestApp App => shared.App;

    [Fact]
    public async Task Account_lists_where_the_user_is_signed_in_with_this_browser_marked_and_no_sign_out_on_it()
    {
        var userName = Unique("where");
        await App.CreateUserAsync(userName, UserPassword);
        using var other = await SignedInAsync(userName, Firefox);
        using var browser = await SignedInAsync(userName, userAgent: null);

        var (status, page) = await browser.GetPageAsync("/account");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Where you are signed in", page, StringComparison.Ordinal);
        var rows = SessionRows(page);
        Assert.Equal(2, rows.Count);
        var current = Assert.Single(rows, r => r.Contains("data-current=\"true\"", StringComparison.Ordinal));
        Assert.Contains("This browser", current, StringComparison.Ordinal);
        Assert.DoesNotContain("/end\"", current, StringComparison.Ordinal);
        var firefox = Assert.Single(rows, r => r.Contains("data-current=\"false\"", StringComparison.Ordinal));
        Assert.Contains("Firefox on Windows", firefox, StringComparison.Ordinal);
        Assert.Contains("Signed in with", firefox, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", firefox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_everywhere_else_ends_the_other_browsers_session_and_this_one_stays()
    {
        var userName = Unique("others");
        await App.CreateUserAsync(userName, UserPassword);
        using var other = await SignedInAsync(userName, Firefox);
        using var browser = await SignedInAsync(userName, userAgent: null);
        var page = await browser.Http.GetStringAsync("/account");

        using var response = await browser.Http.PostAsync("/account/sessions/end-others", Form(page, "/account/sessions/end-others"));

        Assert.Equal("/account?status=others_ended", response.RedirectTarget());
        Assert.Equal("/signin?returnUrl=%2Faccount", await other.VisitAsync("/account"));
        var (_, after) = await browser.GetPageAsync(response.RedirectTarget());
        Assert.Contains("You are signed out everywhere else.", after, StringComparison.Ordinal);
        Assert.Single(SessionRows(after));
        Assert.Contains("You are signed in nowhere else.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_one_other_session_ends_only_that_one()
    {
        var userName = Unique("one");
        await App.CreateUserAsync(userName, UserPassword);
        using var ended = await SignedInAsync(userName, Firefox);
        using var kept = await SignedInAsync(userName, Firefox);
        using var browser = await SignedInAsync(userName, userAgent: null);
        var page = await browser.Http.GetStringAsync("/account");
        var endedId = (await App.SessionsOfAsync(await UserIdAsync(userName)))
            .Single(s => s.KeyHash == Features.Sessions.SessionKeys.Hash(App.SessionKeyIn(ended.SessionCookieValue()))).Id;
        var action = $"/account/sessions/{endedId}/end";

        using var response = await browser.Http.PostAsync(action, Form(page, action));

        Assert.Equal("/account?status=session_ended", response.RedirectTarget());
        Assert.Equal("/signin?returnUrl=%2Faccount", await ended.VisitAsync("/account"));
        Assert.Equal("200", await kept.VisitAsync("/account"));
        Assert.Equal("200", await browser.VisitAsync("/account"));
    }

    [Fact]
    public async Task Ending_another_users_session_from_account_is_not_found_and_ends_nothing()
    {
        var victim = Unique("victim");
        await App.CreateUserAsync(victim, UserPassword);
        using var victimBrowser = await SignedInAsync(victim, Firefox);
        var victimSession = Assert.Single(await App.SessionsOfAsync(await UserIdAsync(victim))).Id;
        var attacker = Unique("attacker");
        await App.CreateUserAsync(attacker, UserPassword);
        using var browser = await SignedInAsync(attacker, Firefox);
        using var other = await SignedInAsync(attacker, userAgent: null);
        var page = await browser.Http.GetStringAsync("/account");
        var token = Html.AntiforgeryTokenForAction(page, "/account/sessions/end-others");

        using var response = await browser.Http.PostAsync($"/account/sessions/{victimSession}/end",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal("/account?error=session_not_found", response.RedirectTarget());
        Assert.Equal("200", await victimBrowser.VisitAsync("/account"));
    }

    private async Task<BrowserClient> SignedInAsync(string userName, string? userAgent)
    {
        var browser = App.CreateBrowser();
        if (userAgent is not null)
        {
            browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        using var response = await browser.SignInAsync(userName, UserPassword);
        Assert.True(browser.HasSessionCookie());
        return browser;
    }

    private Task<string> UserIdAsync(string userName) =>
        App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == userName).Id));

    private static FormUrlEncodedContent Form(string page, string action) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(page, action) });

    private static List<string> SessionRows(string page) =>
        [.. RowRegex().Matches(page).Select(m => m.Value)];

    [GeneratedRegex("<li[^>]*data-testid=\"account-session\"[\\s\\S]*?</li>")]
    private static partial Regex RowRegex();
}
