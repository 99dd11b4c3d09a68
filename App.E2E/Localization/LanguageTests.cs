using BlazorAuth.E2E.Support;
using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Localization;

/// <summary>Issue 5 in a real browser: the switcher, its memory across sign-in and sign-out, and a refusal in each language.</summary>
public sealed class LanguageTests(ChromiumFixture chromium, DingTalkAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<DingTalkAppFixture>
{
    [Fact]
    public Task Chosen_language_survives_sign_in_and_switches_in_the_console_without_signing_out() => Run(async session =>
    {
        var page = session.Page;
        await page.GotoAsync("/signin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Nederlands" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl-NL");

        await page.GetByLabel("E-mailadres of gebruikersnaam").FillAsync(TestApp.AdminEmail);
        await page.GetByLabel("Wachtwoord", new() { Exact = true }).FillAsync(TestApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/admin"));
        await session.WaitUntilInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Banner).GetByText("Beheerconsole")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "简体中文" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/admin"));
        await session.WaitUntilInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Banner).GetByText("管理控制台")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" }).GetByText("用户认证")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Banner).GetByText("Administrator").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/signin?signedOut=1"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        session.AssertNoErrors();
    });

    [Theory]
    [InlineData("English", "Sign in via DingTalk", "Confirm as Jan Jansen", "User not found")]
    [InlineData("简体中文", "钉钉登录", "以 Jan Jansen 的身份确认", "用户不存在")]
    [InlineData("Nederlands", "Inloggen via DingTalk", "Bevestigen als Jan Jansen", "Gebruiker niet gevonden")]
    public Task Refused_DingTalk_sign_in_says_user_not_found_in_each_language(string language, string button, string confirm, string message) => Run(async session =>
    {
        var name = "invite-" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = await AdminApi.SignInAsync(host.App))
        {
            await admin.ActivatePluginAsync("auth-dingtalk");
            await admin.CreateDingTalkAuthenticatorAsync(name, title: null, autoSignup: false);
        }

        var page = session.Page;
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = language }).ClickAsync();

        var dingTalk = page.Locator($"a[data-authenticator='{name}']");
        await Expect(dingTalk).ToHaveTextAsync(button);
        await dingTalk.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = confirm }).ClickAsync();

        await Expect(page).ToHaveURLAsync(session.Url($"/signin?authenticator={name}&error=user_not_found"));
        await Expect(page.GetByTestId("signin-error")).ToHaveTextAsync(message);
        session.AssertNoErrors();
    });

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
