using BlazorAuth.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BlazorAuth.E2E.Support;

/// <summary>One headless Chromium for a test class; each test gets a fresh context through <see cref="RunAsync"/>.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutableVariable = "BLAZORAUTH_CHROMIUM";
    public const string DefaultExecutable = "/usr/bin/chromium";

    /// <summary>
    /// A host name the browser resolves to 127.0.0.1. Unlike 127.0.0.1 and localhost, http on it is not a secure
    /// context, like an intranet install on plain http: navigator.clipboard, for one, does not exist there.
    /// </summary>
    public const string IntranetHost = "intranet.test";

    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        $"--host-resolver-rules=MAP {IntranetHost} 127.0.0.1",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium has not been launched.");

    public static string ArtifactsFolder => Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>The app at <paramref name="baseAddress"/>, reached through <see cref="IntranetHost"/> instead.</summary>
    public static Uri OnIntranetHost(Uri baseAddress) => new UriBuilder(baseAddress) { Host = IntranetHost }.Uri;

    public async Task InitializeAsync()
    {
        // The machine is shared and slow; a circuit can take seconds to come up.
        Assertions.SetDefaultExpectTimeout(15_000);
        var executable = ResolveExecutable();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
    }

    public static string ResolveExecutable()
    {
        var configured = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{ExecutableVariable} points at '{configured}', which does not exist.");
        }

        return File.Exists(DefaultExecutable)
            ? DefaultExecutable
            : throw new InvalidOperationException(
                $"No Chromium found at {DefaultExecutable}. Install Debian's package (apt-get install -y chromium), " +
                $"or set {ExecutableVariable} to a Chromium executable. ./test.sh installs it when missing.");
    }

    /// <summary>
    /// Runs <paramref name="test"/> in a fresh browser context against <paramref name="baseAddress"/>.
    /// On failure it saves a screenshot, the page's HTML and the browser errors under <see cref="ArtifactsFolder"/>, then rethrows.
    /// </summary>
    public async Task RunAsync(Uri baseAddress, Func<BrowserSession, Task> test, ITestOutputHelper? output = null,
        [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        await using var session = await BrowserSession.StartAsync(Browser, baseAddress);
        try
        {
            await test(session);
            // Every journey, whatever it checks itself, also proves the pages it visited run under the app's CSP.
            session.AssertNoCspViolations();
        }
        catch
        {
            var saved = await session.SaveArtifactsAsync(ArtifactsFolder, testName);
            output?.WriteLine($"Browser artifacts: {string.Join(", ", saved)}");
            output?.WriteLine($"Browser errors: {string.Join('\n', session.Errors)}");
            // A browser error such as a failed event dispatch is explained only in the server's log.
            if (TestApp.ServingOn(baseAddress.Port) is { } app)
            {
                string[] levels = ["Warning", "Error", "Critical"];
                var serverSide = app.Logs.Messages
                    .Where(m => levels.Any(l => m.StartsWith(l, StringComparison.Ordinal)) || m.Contains("Exception", StringComparison.Ordinal))
                    .TakeLast(200);
                output?.WriteLine($"Server warnings and errors:\n{string.Join('\n', serverSide)}");
            }

            throw;
        }
    }
}
