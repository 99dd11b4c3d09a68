using System.Text.RegularExpressions;
using BlazorAuth.E2E.Support;
using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Portal;

/// <summary>
/// The portal pages hold no inline style, so the strict style-src 'self' the edge-hardening issue will send
/// breaks nothing: each page is loaded here with that policy added, and Chromium reports every refusal.
/// </summary>
public sealed class PortalStylePolicyTests(ChromiumFixture chromium, PortalLookAppFixture host, OneSignInPerWindowAppFixture limited,
    ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<PortalLookAppFixture>, IClassFixture<OneSignInPerWindowAppFixture>
{
    private const string StrictStylePolicy = "style-src 'self'";

    private const string RecordViolations = """
        window.styleViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.styleViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
        """;

    [Theory]
    [MemberData(nameof(PortalLookTests.Scenes), MemberType = typeof(PortalLookTests))]
    public async Task Portal_page_renders_under_a_strict_style_policy_without_inline_styles(string scene, string locale, string path, bool signedIn)
    {
        await using var context = await StrictContextAsync(host.BaseAddress, locale);
        var page = await context.NewPageAsync();
        if (signedIn)
        {
            await page.GotoAsync("/signin");
            await page.SubmitPasswordSignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
            await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        }

        await page.GotoAsync(path);
        await AssertNoInlineStylesAsync(page, scene);
    }

    [Fact]
    public async Task Too_many_requests_page_renders_under_a_strict_style_policy_without_inline_styles()
    {
        await using var context = await StrictContextAsync(limited.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.SubmitPasswordSignInAsync("nobody@test.local", "Wrong!Pass123");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.SubmitPasswordSignInAsync("nobody@test.local", "Wrong!Pass123"), r => r.Request.Method == "POST");
        Assert.Equal(429, response.Status);
        // The page itself says it has arrived; waiting for a load event raced with it on a busy machine.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many sign-in attempts" })).ToBeVisibleAsync();
        await AssertNoInlineStylesAsync(page, "too-many-requests");
    }

    /// <summary>A context whose HTML responses carry <see cref="StrictStylePolicy"/> besides the app's own headers.</summary>
    private async Task<IBrowserContext> StrictContextAsync(Uri baseAddress, string locale)
    {
        var context = await PortalLookTests.NewContextAsync(chromium.Browser, baseAddress, locale);
        await context.AddInitScriptAsync(RecordViolations);
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.ResourceType != "document")
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync(new() { MaxRedirects = 0 });
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = StrictStylePolicy };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        return context;
    }

    private async Task AssertNoInlineStylesAsync(IPage page, string scene)
    {
        var inline = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('style, [style]')].map(e => e.outerHTML.slice(0, 120))");
        var violations = await page.EvaluateAsync<string[]>("() => window.styleViolations");
        output.WriteLine($"{scene}: {inline.Length} inline styles, {violations.Length} policy violations");
        Assert.True(inline.Length == 0, $"{scene} has inline styles:\n{string.Join('\n', inline)}");
        Assert.True(violations.Length == 0, $"{scene} broke {StrictStylePolicy}:\n{string.Join('\n', violations)}");
        Assert.Equal(1, await page.Locator("link[rel=stylesheet]").CountAsync());
        Assert.Matches(@"/portal\.[a-z0-9]+\.css$", await page.Locator("link[rel=stylesheet]").GetAttributeAsync("href") is { } href
            ? new Uri(new Uri(page.Url), href).AbsolutePath : "");
    }
}
