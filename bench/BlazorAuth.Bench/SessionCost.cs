using System.Diagnostics;
using System.Globalization;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Bench;

/// <summary>
/// <c>session-cost</c>: what a signed-in user's request costs with the server-side session store, cached and uncached,
/// next to a cookie-only ticket (the app before sessions moved to the server). In-process, bounded: each variant signs
/// in once and sends a fixed number of requests sequentially, so the numbers are per request without contention.
/// </summary>
public static class SessionCost
{
    private sealed record Variant(string Name, bool Store, string Interval);

    private static readonly Variant[] Variants =
    [
        new("cookie-only ticket (before), revalidation 00:01:00", false, "00:01:00"),
        new("session store, cached (revalidation 00:01:00, the default)", true, "00:01:00"),
        new("cookie-only ticket (before), revalidation 00:00:00", false, "00:00:00"),
        new("session store, uncached (revalidation 00:00:00)", true, "00:00:00"),
    ];

    private static readonly string[] Paths = ["/healthz/live", "/account"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var requests = int.Parse(options.Get("requests", "2000"), CultureInfo.InvariantCulture);
        Console.WriteLine($"| variant | request | mean µs | p50 µs | p99 µs | allocated per request | cookie bytes |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var variant in Variants)
        {
            await MeasureAsync(variant, requests);
        }

        return 0;
    }

    private static async Task MeasureAsync(Variant variant, int requests)
    {
        var settings = new Dictionary<string, string?>(Quiet.Settings) { ["Security:SessionRevalidationInterval"] = variant.Interval };
        using var app = new TestApp(settings: settings, services: variant.Store ? null : CookieOnly);
        try
        {
            using var browser = app.CreateBrowser();
            using (var signedIn = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword))
            {
                if (signedIn.StatusCode != System.Net.HttpStatusCode.Redirect)
                {
                    throw new InvalidOperationException($"Sign-in failed: {(int)signedIn.StatusCode}.");
                }
            }

            var cookie = browser.Cookies.GetCookies(browser.Http.BaseAddress!).Single(c => c.Name == "BlazorAuth.Session");
            var cookieBytes = cookie.Name.Length + 1 + cookie.Value.Length;
            foreach (var path in Paths)
            {
                for (var i = 0; i < requests / 10; i++)
                {
                    await SendAsync(browser, path);
                }

                var times = new double[requests];
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < requests; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await SendAsync(browser, path);
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                }

                var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / requests;
                Array.Sort(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {variant.Name} | `GET {path}` | {times.Average():F0} | {times[requests / 2]:F0} | {times[requests * 99 / 100]:F0} | {allocated / 1024.0:F1} KB | {cookieBytes} |"));
            }
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    private static async Task SendAsync(BrowserClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: the session did not hold.");
        }

        await response.Content.CopyToAsync(Stream.Null);
    }

    /// <summary>The ticket in the cookie itself, as before: no session store.</summary>
    private static void CookieOnly(IServiceCollection services) =>
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => o.SessionStore = null);
}
