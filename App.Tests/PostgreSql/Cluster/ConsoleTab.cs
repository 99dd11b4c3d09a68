using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.Tests.PostgreSql.Cluster;

/// <summary>
/// A real Chromium (Debian's, as App.E2E launches it) with the administrator's console open through nginx. It records
/// every page load and every circuit start (SignalR's negotiate request) with the instance nginx sent it to, read
/// from the X-Upstream header of scripts/nginx-cluster.conf.template.
/// </summary>
public sealed class ConsoleTab : IAsyncDisposable
{
    private const string ChromiumVariable = "BLAZORAUTH_CHROMIUM";

    private readonly ConcurrentQueue<string> events = new();
    private readonly ConcurrentQueue<TabAnswer> answers = new();
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private ConsoleTab(IPlaywright playwright, IBrowser browser, IPage page)
    {
        (this.playwright, this.browser, Page) = (playwright, browser, page);
        page.Response += (_, response) => Record(response);
        page.Console += (_, message) => events.Enqueue($"console {message.Type}: {message.Text}");
        page.FrameNavigated += (_, frame) => events.Enqueue($"navigated: {frame.Url}");
    }

    public IPage Page { get; }

    /// <summary>Every answer the tab got, in order, each with the instance that served it.</summary>
    public IReadOnlyList<TabAnswer> Answers => [.. answers];

    /// <summary>What the tab did, for a failure message.</summary>
    public string Log => string.Join('\n', events);

    /// <summary>Signs the cluster's administrator in through nginx and opens <paramref name="path"/>, interactive.</summary>
    public static async Task<ConsoleTab> OpenAsync(ClusterFixture cluster, string path)
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new() { BaseURL = cluster.Nginx.AbsoluteUri, Locale = "en-US" });
        var tab = new ConsoleTab(playwright, browser, await context.NewPageAsync());
        try
        {
            await tab.Page.GotoAsync("/signin");
            await tab.Page.GetByLabel("Email or user name").FillAsync(cluster.AdminEmail);
            await tab.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(cluster.AdminPassword);
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(tab.Page).ToHaveURLAsync(new Uri(cluster.Nginx, "/admin").AbsoluteUri);
            await tab.Page.GotoAsync(path);
            await tab.WaitUntilInteractiveAsync();
            return tab;
        }
        catch
        {
            await tab.DisposeAsync();
            throw;
        }
    }

    /// <summary>The console is wired to a circuit (the admin layout says so), so it answers clicks.</summary>
    public Task WaitUntilInteractiveAsync() => Expect(Page.Locator(".mud-layout[data-interactive='true']")).ToBeAttachedAsync();

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }

    private void Record(IResponse response)
    {
        var upstream = response.Headers.TryGetValue("x-upstream", out var value) ? value.Split(',')[^1].Trim() : "";
        var url = new Uri(response.Url);
        events.Enqueue($"{(int)DateTime.UtcNow.TimeOfDay.TotalMilliseconds} {response.Request.Method} {url.PathAndQuery} {response.Status} via {upstream}");
        var kind = response.Request.ResourceType == "document" ? TabAnswerKind.Page
            : url.AbsolutePath == "/_blazor/negotiate" ? TabAnswerKind.CircuitStart
            : TabAnswerKind.Other;
        answers.Enqueue(new(kind, url.AbsolutePath, upstream, response.Status, DateTime.UtcNow));
    }

    private static string Chromium()
    {
        var executable = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(executable)
            ? executable
            : throw new InvalidOperationException($"No Chromium at {executable}: set {ChromiumVariable} (test.sh installs Debian's chromium).");
    }
}

/// <summary>One answer the tab got: what it was, its path, the instance (host:port) nginx passed it to, its status, when.</summary>
public sealed record TabAnswer(TabAnswerKind Kind, string Path, string Instance, int Status, DateTime At);

/// <summary>A page load (document), the start of a SignalR connection (a circuit, or a reconnect's), or anything else.</summary>
public enum TabAnswerKind
{
    Page,
    CircuitStart,
    Other,
}
