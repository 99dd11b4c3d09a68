using System.Net;
using BlazorAuth.E2E.Support;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public Task An_admin_signs_a_user_out_from_the_users_details_and_the_users_browser_is_sent_to_sign_in() => Run(async session =>
    {
        await CreateUserAsync("wang.wu", "Wang Wu");
        await using var colleague = await BrowserSession.StartAsync(chromium.Browser, host.BaseAddress);
        await colleague.Page.GotoAsync("/signin");
        await colleague.Page.SubmitPasswordSignInAsync("wang.wu", Password);
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url("/"));

        await session.SignInAsAdminAsync();
        await session.OpenFromAdminNavigationAsync("Users", "/admin/users", "Users");
        var page = session.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Show details of Wang Wu" }).ClickAsync();
        var details = page.GetByTestId("user-details");
        await Expect(details.GetByTestId("user-session")).ToHaveCountAsync(1);
        await Expect(details.GetByTestId("session-method")).ToHaveTextAsync("Signed in with Password");
        await details.GetByTestId("session-end").ClickAsync();

        await Expect(page.GetByText("That session is signed out.")).ToBeVisibleAsync();
        await Expect(details.GetByTestId("user-no-sessions")).ToBeVisibleAsync();
        await colleague.Page.GotoAsync("/account");
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url($"/signin?returnUrl={Uri.EscapeDataString("/account")}"));
        session.AssertNoErrors();
        colleague.AssertNoErrors();
        colleague.AssertNoCspViolations();
    });

    [Fact]
    public Task Sign_out_everywhere_else_on_account_ends_the_other_browsers_session_and_this_one_stays() => Run(async session =>
    {
        await CreateUserAsync("li.lei", "Li Lei");
        await using var other = await BrowserSession.StartAsync(chromium.Browser, host.BaseAddress);
        foreach (var browser in new[] { other, session })
        {
            await browser.Page.GotoAsync("/signin");
            await browser.Page.SubmitPasswordSignInAsync("li.lei", Password);
            await Expect(browser.Page).ToHaveURLAsync(browser.Url("/"));
        }

        var page = session.Page;
        await page.GotoAsync("/account");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Where you are signed in" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("account-session")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("session-this-browser")).ToHaveTextAsync("This browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere else" }).ClickAsync();

        await Expect(page.GetByTestId("account-status")).ToHaveTextAsync("You are signed out everywhere else.");
        await Expect(page.GetByTestId("account-session")).ToHaveCountAsync(1);
        await other.Page.GotoAsync("/account");
        await Expect(other.Page).ToHaveURLAsync(other.Url($"/signin?returnUrl={Uri.EscapeDataString("/account")}"));
        await page.GotoAsync("/account");
        await Expect(page).ToHaveURLAsync(session.Url("/account"));
        session.AssertNoErrors();
        other.AssertNoCspViolations();
    });

    private const string Password = "Session!Pass2026";

    private async Task CreateUserAsync(string userName, string displayName)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var created = await users.CreateAsync(new AppUser { UserName = userName, DisplayName = displayName }, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
