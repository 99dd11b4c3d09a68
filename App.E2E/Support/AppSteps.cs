using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Support;

/// <summary>Steps a person takes in the app, written once so every journey says them the same way.</summary>
public static class AppSteps
{
    /// <summary>Fills and submits the password form of the sign-in page the browser is on.</summary>
    public static async Task SubmitPasswordSignInAsync(this IPage page, string login, string password)
    {
        await page.GetByLabel("Email or user name").FillAsync(login);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Opens /signin, signs the seeded administrator in and waits until the console answers clicks.</summary>
    public static async Task SignInAsAdminAsync(this BrowserSession session)
    {
        await session.Page.GotoAsync("/signin");
        await session.Page.SubmitPasswordSignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await Expect(session.Page).ToHaveURLAsync(session.Url("/admin"));
        await session.WaitUntilInteractiveAsync();
    }

    /// <summary>Follows a link of the console's navigation, as a person would, and waits for the page's heading.</summary>
    public static async Task OpenFromAdminNavigationAsync(this BrowserSession session, string link, string path, string heading)
    {
        var nav = session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Admin navigation" });
        await nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await Expect(session.Page).ToHaveURLAsync(session.Url(path));
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Signs out through the user menu in the console's app bar, and lands on the sign-in page.</summary>
    public static async Task SignOutFromUserMenuAsync(this BrowserSession session, string userName)
    {
        await session.Page.GetByRole(AriaRole.Banner).GetByText(userName).ClickAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(session.Page).ToHaveURLAsync(session.Url("/signin?signedOut=1"));
    }

    /// <summary>On /signin, clicks the DingTalk button labelled <paramref name="button"/> and arrives at (the sandbox's) DingTalk.</summary>
    public static async Task StartDingTalkSignInAsync(this BrowserSession session, string button)
    {
        await session.Page.GetByRole(AriaRole.Link, new() { Name = button, Exact = true }).ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "DingTalk sandbox" })).ToBeVisibleAsync();
    }

    /// <summary>The sign-in ended on the user's home page, showing who is signed in and how.</summary>
    public static async Task ExpectSignedInHomeAsync(this BrowserSession session, string name, string method)
    {
        await Expect(session.Page).ToHaveURLAsync(session.Url("/"));
        await Expect(session.Page.GetByTestId("home-name")).ToHaveTextAsync(name);
        await Expect(session.Page.GetByTestId("home-method")).ToHaveTextAsync($"Signed in with {method}");
    }

    /// <summary>Whether the element can take keyboard focus, as Tab would give it: false inside an inert (closed) part of the page.</summary>
    public static Task<bool> CanTakeFocusAsync(ILocator element) =>
        element.EvaluateAsync<bool>("e => { e.focus(); const focused = document.activeElement === e; e.blur(); return focused; }");
}
