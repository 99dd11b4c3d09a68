using System.Collections.Concurrent;
using System.Net;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BlazorAuth.Tests.Fuzz;

/// <summary>
/// More than 10,000 generated hostile requests, from one fixed seed, to the real app over loopback: the DingTalk
/// callback and login, the link and sign-in forms, /culture and every /api route. Nothing may answer 5xx; refusals
/// are problem details or end on /signin with a known code; refused requests change no row; an admin's 2xx comes
/// only from a request that follows the API's types.
/// </summary>
public sealed class HostileInputTests(FuzzApp fuzz, ITestOutputHelper output) : IClassFixture<FuzzApp>
{
    private const int Seed = 20261201;

    [Fact]
    public async Task Anonymous_hostile_input_gets_no_5xx_only_clear_refusals_and_changes_nothing()
    {
        var before = await fuzz.RowCountsAsync();
        using var browser = fuzz.App.CreateBrowser();

        await RunAsync(browser, FuzzCases.Anonymous(Seed, 4_200), signedIn: false);

        Assert.Equal(before, await fuzz.RowCountsAsync());
    }

    [Fact]
    public async Task A_signed_in_non_admins_hostile_input_gets_no_5xx_and_changes_nothing()
    {
        var before = await fuzz.RowCountsAsync();
        using var browser = await fuzz.SignedInUserAsync();

        await RunAsync(browser, FuzzCases.SignedIn(Seed + 1, 2_800, fuzz.VictimIds), signedIn: true);

        Assert.Equal(before, await fuzz.RowCountsAsync());
    }

    [Fact]
    public async Task An_admins_hostile_input_gets_no_5xx_and_succeeds_only_when_valid()
    {
        await RunAsync(fuzz.Admin.Browser, FuzzCases.Admin(Seed + 2, 3_200, fuzz.VictimIds), signedIn: true, admin: true);
    }

    private async Task RunAsync(BrowserClient browser, List<FuzzCase> cases, bool signedIn, bool admin = false)
    {
        var token = BrowserClient.AntiforgeryToken(await browser.Http.GetStringAsync(signedIn ? "/account" : "/signin"), "");
        var failures = new ConcurrentQueue<string>();
        var codes = KnownCodes();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (fuzzCase, ct) =>
        {
            using var request = fuzzCase.ToRequest(fuzzCase.Number % 5 == 0 ? null : token);
            using var response = await browser.Http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (Violation(fuzzCase, response, signedIn, admin, fuzz.App.BaseAddress, codes) is { } violation)
            {
                failures.Enqueue($"{fuzzCase}: {(int)response.StatusCode} {violation} {body[..Math.Min(body.Length, 300)]}");
            }
        });

        output.WriteLine($"{cases.Count} cases, {failures.Count} failures.");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} cases failed:\n{string.Join('\n', failures.Take(20))}");
    }

    /// <summary>The fixed list of codes a sign-in may end with: the generic ones and each provider's own.</summary>
    private HashSet<string> KnownCodes() =>
    [
        .. SignInErrors.MessageKeys.Keys,
        .. fuzz.App.Services.GetRequiredService<ExternalProviders>().All.SelectMany(p => p.Definition.Failures?.MessageKeys.Keys ?? []),
    ];

    private static string? Violation(FuzzCase fuzz, HttpResponseMessage response, bool signedIn, bool admin, Uri app, HashSet<string> codes)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "server error";
        }

        var location = response.Headers.Location?.OriginalString;
        if (location is not null && location.Any(c => c > 0x7e || c < 0x21))
        {
            return $"non-ASCII Location {string.Join(' ', location.Where(c => c > 0x7e || c < 0x21).Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))}";
        }

        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        // HttpClient resolves dot segments: "/api/.." is a request for "/", not for the API.
        var surface = fuzz.Surface == FuzzSurface.Api && response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/api", StringComparison.Ordinal) != true
            ? FuzzSurface.Page
            : fuzz.Surface;
        if (IsServerLevelRefusal(response))
        {
            // Kestrel refuses a NUL in the path or an overlong target before the app runs: there is no app to answer.
            return null;
        }

        return surface switch
        {
            FuzzSurface.Api when status >= 400 && !problem => "an /api error that is not problem details",
            FuzzSurface.Api when status < 400 && !admin => "an /api success without admin rights",
            FuzzSurface.Api when status < 300 && !FuzzCases.FollowsTheApisTypes(fuzz) => "a success for a body the API's types refuse",
            FuzzSurface.SignInFlow when status is >= 300 and < 400 => FlowTarget(location!, signedIn, app, codes),
            FuzzSurface.SignInFlow when status < 300 => "a flow step that did not redirect or refuse",
            FuzzSurface.LocalRedirect when status is >= 300 and < 400 && (location is null || !location.StartsWith('/') || location.StartsWith("//", StringComparison.Ordinal))
                => "a redirect away from the app",
            _ => null,
        };
    }

    private static bool IsServerLevelRefusal(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong or HttpStatusCode.RequestHeaderFieldsTooLarge
        && response.Content.Headers.ContentType is null && response.Content.Headers.ContentLength is null or 0
        && !response.Headers.Contains("Content-Security-Policy");

    /// <summary>Where a sign-in step may send the browser: on to (sandbox) DingTalk, to /signin with a known code, or to /account.</summary>
    private static string? FlowTarget(string location, bool signedIn, Uri app, HashSet<string> codes)
    {
        // On Linux "/x" parses as an absolute file URI, so look at the first character first.
        var target = new Uri(app, location);
        if (!location.StartsWith('/') && target.GetLeftPart(UriPartial.Authority) != app.GetLeftPart(UriPartial.Authority))
        {
            return $"a redirect to {target.Host}";
        }

        if (target.AbsolutePath.StartsWith("/_sandbox/dingtalk/", StringComparison.Ordinal))
        {
            return null;
        }

        var error = QueryHelpers.ParseQuery(target.Query).TryGetValue("error", out var code) ? code.ToString() : null;
        return target.AbsolutePath switch
        {
            "/signin" when error is null || codes.Contains(error) => null,
            "/signin" => $"an unknown error code '{error}'",
            "/account" when signedIn => null,
            _ => $"a redirect to {target.AbsolutePath}",
        };
    }
}
