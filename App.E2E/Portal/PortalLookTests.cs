using Microsoft.Extensions.DependencyInjection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using BlazorAuth.E2E.Support;
using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Portal;

/// <summary>
/// The portal pages look as they did with MudBlazor's whole stylesheet: each page's screenshot is compared with the
/// one committed in Portal/Looks, taken before the portal got a stylesheet of its own (the 429 page's was taken
/// again: without MudThemeProvider its MudBlazor classes had fallen back to unset variables). The images come from
/// Debian 12's Chromium with the DejaVu and Liberation fonts that installing it brings. Run with
/// BLAZORAUTH_PORTAL_LOOKS=capture to take them again after a deliberate change of look.
/// </summary>
public sealed class PortalLookTests(ChromiumFixture chromium, PortalLookAppFixture host, OneSignInPerWindowAppFixture limited,
    ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<PortalLookAppFixture>, IClassFixture<OneSignInPerWindowAppFixture>
{
    // Anti-aliasing of text may shift by a shade; a changed rule moves whole edges and fills.
    /// <summary>/account lists where the admin is signed in: the other scenes' sessions would change its look, so they end.</summary>
    private async Task KeepOnlyNewestAdminSessionAsync()
    {
        var sessions = host.Host.App.Services.GetRequiredService<BlazorAuth.Features.Sessions.SessionDirectory>();
        var db = host.Host.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<BlazorAuth.Infrastructure.Data.AppDbContext>>();
        await using var context = await db.CreateDbContextAsync();
        var adminId = context.Users.Single(u => u.Email == TestApp.AdminEmail).Id;
        var newest = context.Sessions.Where(s => s.UserId == adminId && s.EndedAt == null).OrderByDescending(s => s.CreatedAt).First().Id;
        await sessions.EndAllAsync(adminId, newest);
        await BlazorAuth.E2E.Audit.AuditLooks.KeepOnlyNewestSignInAsync(host.Host.App, adminId);
    }

    private const int ChannelTolerance = 40;
    private const double MaxDifferentShare = 0.002;

    public static TheoryData<string, string, string, bool> Scenes => new()
    {
        { "signin-en-US", "en-US", "/signin", false },
        { "signin-zh-CN", "zh-CN", "/signin", false },
        { "signin-nl-NL", "nl-NL", "/signin", false },
        { "signin-error", "en-US", $"/signin?authenticator={PortalLookAppFixture.DingTalkName}&error=user_not_found", false },
        { "home", "en-US", "/", true },
        { "account", "en-US", "/account", true },
        { "account-password", "en-US", "/account/password", true },
        { "not-found", "en-US", "/not-found", false },
        { "error-403", "en-US", "/error/403", false },
        { "error-500", "en-US", "/error/500", false },
    };

    [Theory]
    [MemberData(nameof(Scenes))]
    public async Task Portal_page_looks_as_it_did_with_MudBlazors_stylesheet(string scene, string locale, string path, bool signedIn)
    {
        await using var context = await NewContextAsync(host.BaseAddress, locale);
        var page = await context.NewPageAsync();
        if (signedIn)
        {
            await page.GotoAsync("/signin");
            await page.SubmitPasswordSignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
            await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
            await KeepOnlyNewestAdminSessionAsync();
        }

        await page.GotoAsync(path);
        await AssertLooksAsAsync(context, page, scene);
    }

    [Fact]
    public async Task Too_many_requests_page_looks_as_it_did_with_MudBlazors_stylesheet()
    {
        await using var context = await NewContextAsync(limited.BaseAddress, "en-US");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.SubmitPasswordSignInAsync("nobody@test.local", "Wrong!Pass123");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.SubmitPasswordSignInAsync("nobody@test.local", "Wrong!Pass123"), r => r.Request.Method == "POST");
        Assert.Equal(429, response.Status);

        // The document's own state, not Playwright's lifecycle event: under load that event can be missed between the
        // response and the waiter (a 30 s timeout with "NetworkIdle" already fired, seen once in a full run).
        await page.WaitForFunctionAsync("document.readyState === 'complete' && location.pathname === '/signin'");
        await AssertLooksAsAsync(context, page, "too-many-requests");
    }

    internal static Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseAddress, string locale) =>
        browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            Locale = locale,
            ViewportSize = new() { Width = 1024, Height = 768 },
            DeviceScaleFactor = 1,
            ColorScheme = ColorScheme.Light,
            ReducedMotion = ReducedMotion.Reduce,
        });

    private Task<IBrowserContext> NewContextAsync(Uri baseAddress, string locale) => NewContextAsync(chromium.Browser, baseAddress, locale);

    private async Task AssertLooksAsAsync(IBrowserContext context, IPage page, string scene)
    {
        await page.Mouse.MoveAsync(0, 0);
        var actual = await page.ScreenshotAsync(new() { FullPage = true, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        var baseline = Path.Combine(LooksFolder(), scene + ".png");
        if (Environment.GetEnvironmentVariable("BLAZORAUTH_PORTAL_LOOKS") == "capture")
        {
            await File.WriteAllBytesAsync(baseline, actual);
            output.WriteLine($"Captured {baseline}");
            return;
        }

        Assert.True(File.Exists(baseline), $"No committed look for {scene} at {baseline}.");
        var difference = await PixelComparison.CompareAsync(context, actual, await File.ReadAllBytesAsync(baseline), ChannelTolerance);
        output.WriteLine($"{scene}: {difference.DifferentPixels} pixels differ ({difference.DifferentShare:P3}), {difference.Width}x{difference.Height}");
        if (!difference.SameSize || difference.DifferentShare > MaxDifferentShare)
        {
            Directory.CreateDirectory(ChromiumFixture.ArtifactsFolder);
            var stem = Path.Combine(ChromiumFixture.ArtifactsFolder, $"look-{scene}");
            await File.WriteAllBytesAsync(stem + "-actual.png", actual);
            if (difference.DiffPng.Length > 0)
            {
                await File.WriteAllBytesAsync(stem + "-diff.png", Convert.FromBase64String(difference.DiffPng));
            }

            Assert.Fail($"{scene} no longer looks as committed: {difference.Width}x{difference.Height} against " +
                $"{difference.ExpectedWidth}x{difference.ExpectedHeight}, {difference.DifferentShare:P3} of pixels differ " +
                $"(at most {MaxDifferentShare:P1} may). See {stem}-actual.png and -diff.png. If Chromium or the fonts changed " +
                "rather than the page, look at the new images, then retake them with BLAZORAUTH_PORTAL_LOOKS=capture.");
        }
    }

    private static string LooksFolder([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Looks");
}
