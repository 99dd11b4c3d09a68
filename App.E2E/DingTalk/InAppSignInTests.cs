using System.Net;
using System.Net.Http.Json;
using BlazorAuth.E2E.Support;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.DingTalk;

/// <summary>
/// Issue 16 in real Chromium: /signin opened as DingTalk's client opens a micro app signs in without a click, through the
/// app's own script and the sandbox's stand-in JSAPI, under the app's CSP (every journey fails on a violation). The
/// stand-in cannot prove how DingTalk's real script and native bridge behave; the README says how to check that.
/// </summary>
public sealed class InAppSignInTests(ChromiumFixture chromium, DingTalkAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<DingTalkAppFixture>
{
    private const string DingTalkUserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 DingTalk(7.6.0-Release) nw Channel/201200";

    private static int corps;

    private SandboxState Sandbox => host.App.Services.GetRequiredService<SandboxState>();

    [Fact]
    public Task Inside_DingTalk_the_micro_app_signs_in_without_a_click_and_lands_home() => Run(async session =>
    {
        var (corpId, person) = await GivenInAppAuthenticatorAsync("Workbench DingTalk", "赵敏");
        var page = session.Page;
        await InsideDingTalkAsync(session, person);

        await page.GotoAsync($"/signin?corpId={corpId}");

        await session.ExpectSignedInHomeAsync("赵敏", "Workbench DingTalk");
        session.AssertNoErrors();
    });

    [Fact]
    public Task The_sandbox_workbench_opens_sign_in_as_inside_DingTalk_in_an_ordinary_browser() => Run(async session =>
    {
        var (_, person) = await GivenInAppAuthenticatorAsync("Sandbox workbench DingTalk", "Sandbox Tester");
        var page = session.Page;

        await page.GotoAsync(SandboxEndpoints.BasePath + SandboxInApp.AppPath);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Open as Sandbox Tester in ") }).ClickAsync();

        await session.ExpectSignedInHomeAsync("Sandbox Tester", "Sandbox workbench DingTalk");
        session.AssertNoErrors();
    });

    [Fact]
    public Task A_failing_code_shows_its_message_once_and_the_page_stays() => Run(async session =>
    {
        var (corpId, person) = await GivenInAppAuthenticatorAsync("Failing DingTalk", "Unlucky Person");
        var page = session.Page;
        await InsideDingTalkAsync(session, person);
        Sandbox.InAppFault = SandboxFault.CodeNotFound;
        try
        {
            await page.GotoAsync($"/signin?corpId={corpId}");

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/signin\?authenticator=[^&]+&error=code_invalid$"));
        }
        finally
        {
            Sandbox.InAppFault = SandboxFault.None;
        }

        await Expect(page.GetByTestId("signin-error")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("signin-error"))
            .ToHaveTextAsync("DingTalk did not accept the authorization: it was already used or has expired. Please start again.");
        // No second try: nothing on this page asks DingTalk again; the button and the password form are there to use.
        await Expect(page.Locator("script")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("dingtalk-inapp-status")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Failing DingTalk", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email or user name")).ToBeVisibleAsync();
        session.AssertNoErrors();
    });

    [Fact]
    public Task An_ordinary_browser_on_the_micro_app_URL_runs_no_script_and_sees_the_usual_page() => Run(async session =>
    {
        var (corpId, _) = await GivenInAppAuthenticatorAsync("Ordinary DingTalk", "Nobody Inside");
        var page = session.Page;

        await page.GotoAsync($"/signin?corpId={corpId}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in" })).ToBeVisibleAsync();
        await Expect(page.Locator("script")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("dingtalk-inapp-status")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ordinary DingTalk", Exact = true })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(session.Url($"/signin?corpId={corpId}"));
        session.AssertNoErrors();
    });

    /// <summary>The browser's requests say DingTalk's client, and the stand-in JSAPI knows whose code to hand out.</summary>
    private async Task InsideDingTalkAsync(BrowserSession session, SandboxUser person)
    {
        await session.Page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["User-Agent"] = DingTalkUserAgent });
        await session.Page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = SandboxInApp.UserCookie, Value = person.UnionId, Url = session.Origin }]);
    }

    /// <summary>An authenticator with in-app sign-in on for an organisation of its own, and a sandbox person in it.</summary>
    private async Task<(string CorpId, SandboxUser Person)> GivenInAppAuthenticatorAsync(string title, string nick)
    {
        var corpId = $"corp-e2e-{Interlocked.Increment(ref corps)}";
        using var admin = host.App.CreateBrowser();
        using (var signIn = await admin.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using (var plugin = await admin.Http.PutAsJsonAsync("/api/plugins/auth-dingtalk", new { enabled = true }))
        {
            Assert.True(plugin.IsSuccessStatusCode);
        }

        using var created = await admin.Http.PostAsJsonAsync("/api/authenticators", new
        {
            name = corpId.Replace("corp-", "inapp-", StringComparison.Ordinal),
            type = "dingtalk",
            title,
            enabled = true,
            options = new
            {
                clientId = DingTalkAppFixture.ClientId,
                clientSecret = DingTalkAppFixture.ClientSecret,
                autoSignup = true,
                inAppSignIn = true,
                inAppCorpId = corpId,
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var tag = Guid.NewGuid().ToString("N")[..12];
        var mobile = "137" + Random.Shared.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        var person = new SandboxUser($"union-{tag}", $"open-{tag}", nick, mobile, "86", null, null, [corpId]);
        Sandbox.AddUser(person);
        return (corpId, person);
    }

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
