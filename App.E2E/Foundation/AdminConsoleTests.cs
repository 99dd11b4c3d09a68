using BlazorAuth.E2E.Support;
using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Foundation;

public sealed class AdminConsoleTests(ChromiumFixture chromium, AppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<AppFixture>
{
    [Fact]
    public Task Admin_signs_in_through_the_sign_in_page_and_sees_the_console() => Run(async session =>
    {
        var page = session.Page;
        await page.GotoAsync("/signin");

        await page.SubmitPasswordSignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        await Expect(page).ToHaveURLAsync(session.Url("/admin"));
        await session.WaitUntilInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Banner).GetByText("Admin console")).ToBeVisibleAsync();
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Admin navigation" });
        foreach (var link in new[] { "Overview", "Plugins", "Authentication", "Users" })
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Banner).GetByText("Administrator")).ToBeVisibleAsync();
        session.AssertNoErrors();
    });

    [Fact]
    public Task Anonymous_visitor_of_admin_is_sent_to_sign_in_and_back_after_signing_in() => Run(async session =>
    {
        const string bookmark = "/admin?view=bookmarked";
        var page = session.Page;

        await page.GotoAsync(bookmark);

        await Expect(page).ToHaveURLAsync(session.Url($"/signin?returnUrl={Uri.EscapeDataString(bookmark)}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in" })).ToBeVisibleAsync();

        await page.SubmitPasswordSignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        await Expect(page).ToHaveURLAsync(session.Url(bookmark));
        await session.WaitUntilInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Banner).GetByText("Admin console")).ToBeVisibleAsync();
        session.AssertNoErrors();
    });

    [Fact]
    public Task Signing_out_from_the_user_menu_returns_to_sign_in() => Run(async session =>
    {
        var page = session.Page;
        await page.GotoAsync("/signin");
        await page.SubmitPasswordSignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(session.Url("/admin"));
        await session.WaitUntilInteractiveAsync();

        await page.GetByRole(AriaRole.Banner).GetByText("Administrator").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(session.Url("/signin?signedOut=1"));
        await Expect(page.GetByLabel("Email or user name")).ToBeVisibleAsync();

        await page.GotoAsync("/admin");

        await Expect(page).ToHaveURLAsync(session.Url($"/signin?returnUrl={Uri.EscapeDataString("/admin")}"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        session.AssertNoErrors();
    });

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
