using BlazorAuth.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.DingTalk;

/// <summary>
/// Issue 4's whole journey in one browser: the administrator sets DingTalk up through the console and signs out,
/// a colleague signs in with DingTalk, and the administrator then finds them on the Users page.
/// </summary>
[Collection(ClipboardCollection.Name)]
public sealed class AdminToUserJourneyTests(ChromiumFixture chromium, DingTalkAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<DingTalkAppFixture>
{
    private const string Name = "dingtalk-staff";
    private const string Title = "Acme staff DingTalk";

    [Fact]
    public Task Admin_sets_up_DingTalk_and_a_colleague_signs_in_with_it() => Run(async session =>
    {
        var page = session.Page;
        var callback = $"{session.Origin}/auth/dingtalk/{Name}/callback";
        await session.GrantClipboardAsync();

        // The administrator activates the plugin.
        await session.SignInAsAdminAsync();
        await session.OpenFromAdminNavigationAsync("Plugins", "/admin/plugins", "Plugin manager");
        await page.GetByLabel("Activate Auth: DingTalk").CheckAsync();
        await Expect(page.GetByText("Auth: DingTalk is active.")).ToBeVisibleAsync();

        // ...adds a DingTalk authenticator with the sandbox app's credentials, and enables it.
        await session.OpenFromAdminNavigationAsync("Authentication", "/admin/authenticators", "Authentication");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add new" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "DingTalk" }).ClickAsync();
        var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Add new" });
        await drawer.GetByLabel("Auth UID").FillAsync(Name);
        await drawer.GetByLabel("Title", new() { Exact = true }).FillAsync(Title);
        await drawer.GetByLabel("Enabled", new() { Exact = true }).CheckAsync();
        await drawer.GetByLabel("Client ID").FillAsync(DingTalkAppFixture.ClientId);
        await drawer.GetByLabel("Client Secret").FillAsync(DingTalkAppFixture.ClientSecret);
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.GetByLabel($"Enabled: {Name}")).ToBeCheckedAsync();

        // ...copies the Redirect URL for DingTalk's developer console, closes the drawer...
        await page.GetByRole(AriaRole.Button, new() { Name = $"Configure {Name}" }).ClickAsync();
        drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Configure" });
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Copy the Redirect URL" }).ClickAsync();
        await Expect(page.GetByText("Copied", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(callback, await session.ReadClipboardAsync());
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(drawer).Not.ToBeInViewportAsync();
        Assert.False(await AppSteps.CanTakeFocusAsync(drawer.GetByLabel("Client Secret")), "A closed drawer's fields must be out of reach of the keyboard.");

        // ...and signs out.
        await session.SignOutFromUserMenuAsync("Administrator");

        // A colleague, in the same browser, signs in with DingTalk: a new account, made on the spot.
        await session.StartDingTalkSignInAsync(Title);
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm as Li Si" }).ClickAsync();
        await session.ExpectSignedInHomeAsync("Li Si", Title);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin console" })).Not.ToBeVisibleAsync();
        session.AssertNoErrors();

        await AdminSeesTheNewUserAndBindingAsync(session, nick: "Li Si", unionId: "sandbox-union-lisi");

        session.AssertNoErrors();
    });

    /// <summary>
    /// The journey's last step: the colleague signs out, the administrator signs back in and finds the new user and
    /// their DingTalk binding on /admin/users.
    /// </summary>
    private static async Task AdminSeesTheNewUserAndBindingAsync(BrowserSession session, string nick, string unionId)
    {
        var page = session.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/signin?signedOut=1"));
        await session.SignInAsAdminAsync();

        await page.GotoAsync("/admin/users");
        await session.WaitUntilInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();

        // The list: the new user, and the authenticator they are bound to.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = nick });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex($"{Name}|{Title}"));

        // The user's details: the DingTalk binding with its nick and unionId.
        await row.GetByText(nick).First.ClickAsync();
        await Expect(page.GetByText(unionId)).ToBeVisibleAsync();
    }

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
