using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Support;

/// <summary>A fresh browser context and page that records every console error and uncaught page error.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> errors = new();
    private readonly IBrowserContext context;

    private BrowserSession(IBrowserContext context, IPage page, Uri baseAddress)
    {
        this.context = context;
        Page = page;
        BaseAddress = baseAddress;
        context.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"console error at {message.Location}: {message.Text}");
            }
        };
        context.WebError += (_, error) => errors.Enqueue($"page error: {error.Error}");
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    /// <summary>Console errors and uncaught exceptions seen in any page of this context so far.</summary>
    public IReadOnlyCollection<string> Errors => errors;

    public static async Task<BrowserSession> StartAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, baseAddress);
    }

    /// <summary>Fails when the browser refused anything under the app's Content-Security-Policy, on any page of this context.</summary>
    public void AssertNoCspViolations()
    {
        var violations = errors.Where(e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(violations.Count == 0, $"The browser reported Content-Security-Policy violations:\n{string.Join('\n', violations)}");
    }

    /// <summary>Fails with every error the browser reported, so one look at the test output says what went wrong.</summary>
    public void AssertNoErrors() =>
        Assert.True(errors.IsEmpty, $"The browser reported errors:\n{string.Join('\n', errors)}");

    /// <summary>The app's origin exactly as the browser sees it, e.g. http://127.0.0.1:5123 (no trailing slash).</summary>
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// Lets the app's pages read and write the real clipboard. Headless Chromium needs both permissions, granted for
    /// the exact origin, or reads return "". The clipboard is shared by the whole browser: only use it in tests of
    /// the non-parallel <see cref="ClipboardCollection"/>.
    /// </summary>
    public Task GrantClipboardAsync() =>
        context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Origin });

    /// <summary>What the system clipboard holds now, read by the page itself as a person's paste would.</summary>
    public Task<string> ReadClipboardAsync() => Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

    /// <summary>The absolute address of an app-relative path, as the browser's location shows it.</summary>
    public string Url(string relative) => new Uri(BaseAddress, relative).ToString();

    /// <summary>Waits until the admin console is wired to its Blazor circuit, so clicks reach the server.</summary>
    public Task WaitUntilInteractiveAsync() =>
        Expect(Page.Locator(".mud-layout[data-interactive='true']")).ToBeAttachedAsync();

    public async Task<IReadOnlyList<string>> SaveArtifactsAsync(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{name}-{DateTime.UtcNow:yyyyMMddHHmmss}");
        var saved = new List<string>();
        try
        {
            await Page.ScreenshotAsync(new() { Path = stem + ".png", FullPage = true });
            saved.Add(stem + ".png");
            await File.WriteAllTextAsync(stem + ".html", await Page.ContentAsync());
            saved.Add(stem + ".html");
        }
        catch (PlaywrightException)
        {
            // The page may be gone; the log below still says what happened.
        }

        await File.WriteAllLinesAsync(stem + ".log", [$"url: {Page.Url}", .. errors]);
        saved.Add(stem + ".log");
        return saved;
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
