using System.Net;
using BlazorAuth.E2E.Support;
using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Sessions;

/// <summary>The app with sessions checked every two seconds, so an open console notices an ended session quickly.</summary>
public sealed class SessionsAppFixture() : AppFixture(new Dictionary<string, string?>
{
    ["Security:SessionRevalidationInterval"] = "00:00:02",
});

public sealed class SessionJourneyTests(ChromiumFixture chromium, SessionsAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<SessionsAppFixture>
{
    private const string SessionCookie = "BlazorAuth.Session";

    [Fact]
    public Task Signing_out_in_one_tab_sends_the_other_tabs_console_to_sign_in_and_the_copied_cookie_is_refused() => Run(async session =>
    {
        await session.SignInAsAdminAsync();
        var second = await session.Page.Context.NewPageAsync();
        await second.GotoAsync("/admin");
        await Expect(second.Locator(".mud-layout[data-interactive='true']")).ToBeAttachedAsync();
        var copied = (await session.Page.Context.CookiesAsync()).Single(c => c.Name == SessionCookie).Value;

        await session.SignOutFromUserMenuAsync("Administrator");

        await Expect(second).ToHaveURLAsync(session.Url($"/signin?returnUrl={Uri.EscapeDataString("/admin")}"));
        var cookies = new CookieContainer();
        cookies.Add(host.BaseAddress, new System.Net.Cookie(SessionCookie, copied));
        using var replay = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var api = await replay.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        session.AssertNoErrors();
    });

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
