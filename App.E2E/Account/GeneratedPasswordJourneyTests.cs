using BlazorAuth.E2E.Support;
using BlazorAuth.Features.DingTalk.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Account;

/// <summary>
/// NocoBase's usual flow: an administrator creates people with a generated password and their phone, and they then
/// use DingTalk. Wang Wu never received the generated password, so DingTalk must not lead him to a page that asks
/// for it; the generated password itself still has to be replaced at its first use.
/// </summary>
public sealed class GeneratedPasswordJourneyTests(ChromiumFixture chromium, DingTalkAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<DingTalkAppFixture>
{
    private const string Button = "Invited staff DingTalk";
    private const string Mobile = "13800000055";

    [Fact]
    public Task A_user_created_with_a_generated_password_signs_in_with_DingTalk_and_lands_home() => Run(async session =>
    {
        string generated;
        using (var admin = await AdminApi.SignInAsync(host.App))
        {
            await admin.ActivatePluginAsync("auth-dingtalk");
            await admin.CreateDingTalkAuthenticatorAsync("dingtalk-invited", Button, autoSignup: false);
            generated = await admin.CreateUserWithGeneratedPasswordAsync("wangwu", "Wang Wu", Mobile);
        }

        host.App.Services.GetRequiredService<SandboxState>()
            .AddUser(new SandboxUser("union-wangwu", "open-wangwu", "王五", Mobile, "86", null, null));
        var page = session.Page;

        await page.GotoAsync("/signin");
        await session.StartDingTalkSignInAsync(Button);
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm as 王五" }).ClickAsync();

        await session.ExpectSignedInHomeAsync("Wang Wu", Button);
        await page.GetByRole(AriaRole.Link, new() { Name = "My account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/account"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/signin?signedOut=1"));

        // The generated password, used for the first time, must still be replaced.
        await page.SubmitPasswordSignInAsync("wangwu", generated);
        await Expect(page).ToHaveURLAsync(session.Url("/account/password?returnUrl=%2F"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();
        await Expect(page.GetByText("You must choose a new password before you continue.")).ToBeVisibleAsync();
        session.AssertNoErrors();
    });

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
