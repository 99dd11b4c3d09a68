#:package Microsoft.Playwright
#:property PublishAot=false
// Cold-load weight of the portal's /signin (each language) and the console's /admin/authenticators, as Chromium
// counts it (headers + encoded body of every response), against a running app, e.g. a published one:
//   dotnet run tools/page-weight.cs -- http://127.0.0.1:5391 admin@blazorauth.local 'Admin!Pass123'
// BLAZORAUTH_CHROMIUM overrides /usr/bin/chromium. Numbers go to docs/benchmarks.md.
using Microsoft.Playwright;

var baseUrl = args.Length > 0 ? args[0].TrimEnd('/') + "/" : "http://127.0.0.1:5000/";
var executable = Environment.GetEnvironmentVariable("BLAZORAUTH_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = executable,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

Task<IBrowserContext> NewContextAsync(string locale) => browser.NewContextAsync(new() { BaseURL = baseUrl, Locale = locale, ViewportSize = new() { Width = 1024, Height = 768 } });

async Task MeasureAsync(IBrowserContext context, string label, string path, Func<IPage, Task>? loaded = null)
{
    var page = await context.NewPageAsync();
    var responses = new List<IResponse>();
    long socketBytes = 0;
    page.Response += (_, r) => { lock (responses) { responses.Add(r); } };
    page.WebSocket += (_, s) => s.FrameReceived += (_, f) => Interlocked.Add(ref socketBytes, f.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(f.Text ?? ""));
    await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
    if (loaded is not null)
    {
        await loaded(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    long total = 0;
    var lines = new List<string>();
    foreach (var response in responses.ToList())
    {
        var sizes = await response.Request.SizesAsync();
        var headers = await response.AllHeadersAsync();
        var bytes = sizes.ResponseHeadersSize + sizes.ResponseBodySize;
        total += bytes;
        lines.Add($"    {response.Status} {bytes,9:N0} {headers.GetValueOrDefault("content-encoding") ?? "-",-5} {headers.GetValueOrDefault("cache-control") ?? "-",-30} {new Uri(response.Url).PathAndQuery}");
    }

    Console.WriteLine($"{label}: {responses.Count} requests, {total:N0} bytes ({total / 1024.0:N1} KB), WebSocket frames received {socketBytes:N0} bytes");
    lines.ForEach(Console.WriteLine);
}

foreach (var locale in new[] { "en-US", "zh-CN", "nl-NL" })
{
    await using var context = await NewContextAsync(locale);
    await MeasureAsync(context, $"/signin {locale}", "signin");
}

if (args.Length >= 3)
{
    await using var signIn = await NewContextAsync("en-US");
    var page = await signIn.NewPageAsync();
    await page.GotoAsync("signin");
    await page.Locator("input[autocomplete=username]").FillAsync(args[1]);
    await page.Locator("input[autocomplete=current-password]").FillAsync(args[2]);
    await page.Locator("form.signin-form button[type=submit]").ClickAsync();
    await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/admin");
    await using var cold = await NewContextAsync("en-US");
    await cold.AddCookiesAsync((await signIn.CookiesAsync()).Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
    await MeasureAsync(cold, "/admin/authenticators signed in", "admin/authenticators",
        p => p.Locator(".mud-layout[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached }));
}
