using System.Net;
using BlazorAuth.E2E.Support;
using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Portal;

/// <summary>Issue 13, goals 3 and 4: what a cold load costs on the wire, counted by Chromium.</summary>
public sealed class PortalWeightTests(ChromiumFixture chromium, PortalLookAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<PortalLookAppFixture>
{
    private const long SignInBudget = 40 * 1024;
    private const int SignInRequestBudget = 4;

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    [InlineData("nl-NL")]
    public async Task Cold_sign_in_page_costs_at_most_40_KB_in_at_most_4_requests_with_everything_compressible_compressed(string locale)
    {
        await using var context = await PortalLookTests.NewContextAsync(chromium.Browser, host.BaseAddress, locale);
        var page = await context.NewPageAsync();
        var weight = await PageWeight.MeasureAsync(page, "/signin");
        output.WriteLine($"/signin in {locale}: {weight}");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale);
        Assert.All(weight.Responses, r => Assert.True(r.Status is >= 200 and < 400, $"{r.Url} answered {r.Status}."));
        Assert.True(weight.Responses.Count <= SignInRequestBudget, $"{weight.Responses.Count} requests, at most {SignInRequestBudget} allowed.\n{weight}");
        Assert.True(weight.TotalBytes <= SignInBudget, $"{weight.TotalBytes:N0} bytes, at most {SignInBudget:N0} allowed.\n{weight}");
        await AssertCompressedWhereCompressibleAsync(weight);
    }

    [Fact]
    public async Task Console_static_assets_come_compressed_from_fingerprinted_immutable_urls()
    {
        await using var signIn = await PortalLookTests.NewContextAsync(chromium.Browser, host.BaseAddress, "en-US");
        var signInPage = await signIn.NewPageAsync();
        await signInPage.GotoAsync("/signin");
        await signInPage.SubmitPasswordSignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await Expect(signInPage).ToHaveURLAsync(host.BaseAddress + "admin");

        // A fresh context with only the sign-in cookies: nothing of the console is cached yet.
        await using var context = await PortalLookTests.NewContextAsync(chromium.Browser, host.BaseAddress, "en-US");
        await context.AddCookiesAsync((await signIn.CookiesAsync()).Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        var page = await context.NewPageAsync();
        var weight = await PageWeight.MeasureAsync(page, "/admin/authenticators",
            p => Expect(p.Locator(".mud-layout[data-interactive='true']")).ToBeAttachedAsync());
        output.WriteLine($"/admin/authenticators, signed in: {weight}");

        var assets = weight.Responses.Where(IsStaticAsset).ToList();
        Assert.Contains(assets, r => r.Url.Contains("/_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && r.ContentType?.StartsWith("text/css") == true);
        Assert.All(assets, r => Assert.True(r.CacheControl?.Contains("immutable") == true,
            $"{r.Url} is served with Cache-Control '{r.CacheControl}', not from a fingerprinted, immutable URL."));
        await AssertCompressedWhereCompressibleAsync(weight);
    }

    private static bool IsStaticAsset(WireResponse response) =>
        !response.Url.Contains("/_blazor", StringComparison.Ordinal) && response.ContentType?.StartsWith("text/html") != true;

    /// <summary>Asks the app for each response again, accepting br and gzip: whatever it can send compressed, the browser must have got compressed.</summary>
    private async Task AssertCompressedWhereCompressibleAsync(PageWeight weight)
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        foreach (var response in weight.Responses.Where(IsStaticAsset))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, response.Url);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var again = await http.SendAsync(request);
            if (again.Content.Headers.ContentEncoding.Count > 0)
            {
                Assert.True(response.ContentEncoding is "br" or "gzip",
                    $"{response.Url} has a {string.Join(",", again.Content.Headers.ContentEncoding)} form but came uncompressed ({response.Bytes:N0} bytes).");
            }
        }
    }
}
