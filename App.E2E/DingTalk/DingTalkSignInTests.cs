using BlazorAuth.E2E.Support;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.DingTalk;

/// <summary>
/// Issue 4: the end user's half. An administrator set DingTalk up through the API beforehand; the person only
/// ever sees /signin, the (sandbox) DingTalk page and where they land. Each test has an authenticator of its own,
/// so the sign-in page shows several DingTalk buttons and each test clicks its own.
/// </summary>
public sealed class DingTalkSignInTests(ChromiumFixture chromium, DingTalkAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<DingTalkAppFixture>
{
    [Fact]
    public Task End_user_signs_in_with_DingTalk_and_sees_their_nick() => Run(async session =>
    {
        await GivenDingTalkAuthenticatorAsync("dingtalk-staff", "Acme staff DingTalk", autoSignup: true);
        var page = session.Page;

        await page.GotoAsync("/signin");
        await session.StartDingTalkSignInAsync("Acme staff DingTalk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm as Li Si" }).ClickAsync();

        await session.ExpectSignedInHomeAsync("Li Si", "Acme staff DingTalk");
        session.AssertNoErrors();
    });

    [Fact]
    public Task Cancelling_at_DingTalk_returns_to_sign_in_with_a_clear_message() => Run(async session =>
    {
        // No title: the button falls back to the type's own words.
        await GivenDingTalkAuthenticatorAsync("dingtalk-untitled", title: null, autoSignup: true);
        var page = session.Page;

        await page.GotoAsync("/signin");
        await session.StartDingTalkSignInAsync("Sign in via DingTalk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(session.Url("/signin?authenticator=dingtalk-untitled&error=consent_denied"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The DingTalk sign-in was cancelled.");
        // The person can simply try again, or use the password form.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in via DingTalk", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email or user name")).ToBeVisibleAsync();
        session.AssertNoErrors();
    });

    [Fact]
    public Task User_not_found_when_auto_sign_up_is_off() => Run(async session =>
    {
        await GivenDingTalkAuthenticatorAsync("dingtalk-invite-only", "Invite-only DingTalk", autoSignup: false);
        var page = session.Page;

        await page.GotoAsync("/signin");
        await session.StartDingTalkSignInAsync("Invite-only DingTalk");
        // Jan Jansen (+31 612345678) has no account here, and no test of this class gives him one.
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm as Jan Jansen" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(session.Url("/signin?authenticator=dingtalk-invite-only&error=user_not_found"));
        await Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("User not found");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Invite-only DingTalk", Exact = true })).ToBeVisibleAsync();

        // Still signed out, and nothing was created on the way.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(session.Url($"/signin?returnUrl={Uri.EscapeDataString("/")}"));
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.PhoneNumber != null && u.PhoneNumber.Contains("612345678")));
        session.AssertNoErrors();
    });

    private async Task GivenDingTalkAuthenticatorAsync(string name, string? title, bool autoSignup)
    {
        using var admin = await AdminApi.SignInAsync(host.App);
        await admin.ActivatePluginAsync("auth-dingtalk");
        await admin.CreateDingTalkAuthenticatorAsync(name, title, autoSignup);
    }

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
