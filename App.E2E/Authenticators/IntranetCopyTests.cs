using BlazorAuth.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Authenticators;

/// <summary>
/// The console on an intranet install over plain http, which is not a secure context: browsers give such pages
/// no navigator.clipboard, and the copy button must still work (and never end the admin's circuit).
/// </summary>
[Collection(ClipboardCollection.Name)]
public sealed class IntranetCopyTests(ChromiumFixture chromium, AppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<AppFixture>
{
    [Fact]
    public async Task Copy_button_works_on_a_plain_http_intranet_address()
    {
        using (var admin = await AdminApi.SignInAsync(host.App))
        {
            await admin.ActivatePluginAsync("auth-dingtalk");
        }

        var intranet = ChromiumFixture.OnIntranetHost(host.BaseAddress);
        await chromium.RunAsync(intranet, async session =>
        {
            var page = session.Page;
            var callback = $"{session.Origin}/auth/dingtalk/dingtalk-intranet/callback";
            Assert.False(await page.EvaluateAsync<bool>("() => window.isSecureContext"), "The intranet address should not be a secure context.");
            await session.SignInAsAdminAsync();
            await session.OpenFromAdminNavigationAsync("Authentication", "/admin/authenticators", "Authentication");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add new" }).ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "DingTalk" }).ClickAsync();
            var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Add new" });
            await drawer.GetByLabel("Auth UID").FillAsync("dingtalk-intranet");
            await Expect(drawer.GetByLabel("Redirect URL", new() { Exact = true })).ToHaveValueAsync(callback);

            await drawer.GetByRole(AriaRole.Button, new() { Name = "Copy the Redirect URL" }).ClickAsync();

            await Expect(page.GetByText("Copied", new() { Exact = true })).ToBeVisibleAsync();
            // The console still answers: the drawer closes, out of view and out of the keyboard's reach.
            await drawer.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(drawer).Not.ToBeInViewportAsync();
            Assert.False(await AppSteps.CanTakeFocusAsync(drawer.GetByLabel("Client Secret")), "A closed drawer's fields must not take focus.");

            // navigator.clipboard does not exist on this page, so paste from a page of the app's loopback address.
            var reader = await page.Context.NewPageAsync();
            var loopback = host.BaseAddress.GetLeftPart(UriPartial.Authority);
            await reader.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = loopback });
            await reader.GotoAsync(new Uri(host.BaseAddress, "/signin").ToString());
            Assert.Equal(callback, await reader.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
            session.AssertNoErrors();
        }, output);
    }

    [Fact]
    public async Task When_the_browser_refuses_to_copy_the_console_says_so_and_keeps_working()
    {
        using (var admin = await AdminApi.SignInAsync(host.App))
        {
            await admin.ActivatePluginAsync("auth-dingtalk");
        }

        await chromium.RunAsync(ChromiumFixture.OnIntranetHost(host.BaseAddress), async session =>
        {
            var page = session.Page;
            // A browser (or policy) that refuses the fallback copy too.
            await page.AddInitScriptAsync("document.execCommand = () => false;");
            await session.SignInAsAdminAsync();
            await session.OpenFromAdminNavigationAsync("Authentication", "/admin/authenticators", "Authentication");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add new" }).ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "DingTalk" }).ClickAsync();
            var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Add new" });

            await drawer.GetByRole(AriaRole.Button, new() { Name = "Copy the Redirect URL" }).ClickAsync();

            await Expect(page.GetByText("The browser did not allow copying. Select the Redirect URL and copy it yourself.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Copied", new() { Exact = true })).ToHaveCountAsync(0);
            // The circuit lives on: the form still answers typing.
            await drawer.GetByLabel("Auth UID").FillAsync("dingtalk-refused");
            await Expect(drawer.GetByLabel("Redirect URL", new() { Exact = true }))
                .ToHaveValueAsync($"{session.Origin}/auth/dingtalk/dingtalk-refused/callback");
            session.AssertNoErrors();
        }, output);
    }
}
