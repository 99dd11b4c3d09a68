using System.Text.RegularExpressions;
using BlazorAuth.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Authenticators;

/// <summary>Issue 3: the administrator's half, through the console only, finding every field by its visible label.</summary>
[Collection(ClipboardCollection.Name)]
public sealed partial class AddDingTalkAuthenticatorTests(ChromiumFixture chromium, AppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<AppFixture>
{
    [Fact]
    public Task Admin_adds_a_DingTalk_authenticator_and_copies_its_redirect_url() => Run(async session =>
    {
        const string name = "dingtalk-e2e";
        const string title = "Acme DingTalk";
        var page = session.Page;
        var callback = $"{session.Origin}/auth/dingtalk/{name}/callback";
        await session.GrantClipboardAsync();
        await session.SignInAsAdminAsync();

        // Plugins: switch "Auth: DingTalk" on.
        await session.OpenFromAdminNavigationAsync("Plugins", "/admin/plugins", "Plugin manager");
        var activate = page.GetByLabel("Activate Auth: DingTalk");
        await Expect(activate).Not.ToBeCheckedAsync();
        await activate.CheckAsync();
        await Expect(page.GetByText("Auth: DingTalk is active.")).ToBeVisibleAsync();
        await Expect(activate).ToBeCheckedAsync();

        // Authentication: "Add new" lists the active plugin's type.
        await session.OpenFromAdminNavigationAsync("Authentication", "/admin/authenticators", "Authentication");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add new" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "DingTalk" }).ClickAsync();

        // The drawer, field by field.
        var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Add new" });
        var uid = drawer.GetByLabel("Auth UID");
        await Expect(uid).ToHaveValueAsync(GeneratedUid());
        await Expect(drawer.GetByLabel("Auth Type")).ToHaveValueAsync("DingTalk");
        await Expect(drawer.GetByLabel("Auth Type")).Not.ToBeEditableAsync();
        await Expect(drawer.GetByLabel("Sign up automatically when the user does not exist")).ToBeCheckedAsync();
        var redirect = drawer.GetByLabel("Redirect URL", new() { Exact = true });
        await Expect(redirect).Not.ToBeEditableAsync();

        await uid.FillAsync(name);
        await Expect(redirect).ToHaveValueAsync(callback);
        await drawer.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await drawer.GetByLabel("Description").FillAsync("Staff sign in with their DingTalk account.");
        var enabled = drawer.GetByLabel("Enabled", new() { Exact = true });
        await Expect(enabled).Not.ToBeCheckedAsync();
        await enabled.CheckAsync();
        await drawer.GetByLabel("Client ID").FillAsync("dingacme0001");
        await drawer.GetByLabel("Client Secret").FillAsync("acme-secret-value-0001");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        // The new row, enabled.
        await Expect(page.GetByText($"{name} saved.")).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByTestId("authenticator-name").GetByText(name, new() { Exact = true }) });
        await Expect(row).ToContainTextAsync(title);
        await Expect(row.GetByLabel($"Enabled: {name}")).ToBeCheckedAsync();

        // Reopened: the secret stays on the server, and the form says one is set.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Configure {name}" }).ClickAsync();
        drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Configure" });
        await Expect(drawer.GetByLabel("Auth UID")).ToHaveValueAsync(name);
        await Expect(drawer.GetByLabel("Auth UID")).Not.ToBeEditableAsync();
        await Expect(drawer.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(title);
        await Expect(drawer.GetByLabel("Enabled", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(drawer.GetByLabel("Client ID")).ToHaveValueAsync("dingacme0001");
        var secret = drawer.GetByLabel("Client Secret");
        await Expect(secret).ToHaveValueAsync("");
        await Expect(secret).ToHaveAccessibleDescriptionAsync("A secret is set. Leave this blank to keep it, or type a new one to replace it.");
        await Expect(drawer.GetByText("A secret is set.", new() { Exact = false })).ToBeVisibleAsync();
        Assert.DoesNotContain("acme-secret-value-0001", await page.ContentAsync(), StringComparison.Ordinal);

        // Copy, and read the real clipboard as a paste into DingTalk's developer console would.
        await Expect(drawer.GetByLabel("Redirect URL", new() { Exact = true })).ToHaveValueAsync(callback);
        await drawer.GetByRole(AriaRole.Button, new() { Name = "Copy the Redirect URL" }).ClickAsync();
        await Expect(page.GetByText("Copied", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(callback, await session.ReadClipboardAsync());

        session.AssertNoErrors();
    });

    private static Regex GeneratedUid() => GeneratedUidRegex();

    [GeneratedRegex("^s_[a-z0-9]{8}$")]
    private static partial Regex GeneratedUidRegex();

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
