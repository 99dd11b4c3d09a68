// Issue 13, goal 5: what an open console circuit on /admin/authenticators costs the server. Signs the administrator
// in with Chromium, warms the page up, takes a gcdump (which runs a full blocking GC) with 0 circuits open, opens
// N circuits (one tab each), takes a second gcdump, and prints the managed heap after each full GC, KB per circuit
// and what grew: by assembly, by type and the render buffers of each component type. See bench/circuits.sh.
// With --compare BEFORE.gcdump AFTER.gcdump --circuits N it only reads two dumps taken earlier.
using BlazorAuth.Bench.Circuits;
using Microsoft.Playwright;

if (args is ["--compare", var beforeDump, var afterDump, "--circuits", var n, ..])
{
    var count = int.Parse(n, System.Globalization.CultureInfo.InvariantCulture);
    Heap Read(string dump) => new(Path.GetFullPath(dump), HeapGraph.Load(dump), "-", 0);
    Console.WriteLine(Report.Markdown($"Console circuits: {Path.GetFileName(afterDump)} against {Path.GetFileName(beforeDump)}, {count} circuits",
        Read(beforeDump), Read(afterDump), count, 15));
    return 0;
}

var o = CircuitOptions.Parse(args);
Directory.CreateDirectory(o.Out);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = o.Chromium,
    Headless = true,
    // Few renderer processes: the tabs are only there to hold circuits open on the server.
    Args = ["--no-sandbox", "--renderer-process-limit=4", "--disable-gpu", "--disable-dev-shm-usage"],
});
var context = await browser.NewContextAsync(new() { BaseURL = o.Base });
context.SetDefaultTimeout(60_000);

var signIn = await context.NewPageAsync();
await signIn.GotoAsync("/signin");
await signIn.Locator("form:has(input[type=password]) input[autocomplete=username]").First.FillAsync(o.AdminEmail);
await signIn.Locator("form:has(input[type=password]) input[type=password]").First.FillAsync(o.AdminPassword);
await signIn.Locator("form:has(input[type=password]) [type=submit]").First.ClickAsync();
try
{
    await signIn.WaitForURLAsync(u => !new Uri(u).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
}
catch (TimeoutException)
{
    await signIn.ScreenshotAsync(new() { Path = Path.Combine(o.Out, "signin-failed.png"), FullPage = true });
    throw new InvalidOperationException($"the administrator's sign-in did not leave /signin; see {o.Out}/signin-failed.png");
}
await signIn.CloseAsync();

// Warm-up: JIT, localizers, the authenticator snapshot and MudBlazor's caches are not what a circuit costs.
for (var i = 0; i < o.WarmupCircuits; i++)
{
    var page = await OpenCircuitAsync();
    await page.CloseAsync(new() { RunBeforeUnload = true });
}
await Task.Delay(TimeSpan.FromSeconds(3)); // closed tabs' circuits are disposed by then (graceful disconnect)

var zero = await Heap.MeasureAsync(o, "circuits-0");
var pages = new List<IPage>();
for (var i = 0; i < o.Circuits; i++)
{
    pages.Add(await OpenCircuitAsync());
    if ((i + 1) % 10 == 0) Console.Error.WriteLine($"circuits: {i + 1} open");
}
await Task.Delay(TimeSpan.FromSeconds(3));
var open = await Heap.MeasureAsync(o, $"circuits-{o.Circuits}");
// All circuits must still be alive while the second dump is taken, or the difference undercounts.
var alive = 0;
foreach (var page in pages) alive += await page.Locator(".mud-layout[data-interactive='true']").CountAsync();

Console.WriteLine(Report.Markdown(
    $"Console circuits on /admin/authenticators ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {o.Circuits} circuits, {alive} still interactive at the end)",
    zero, open, o.Circuits, o.TopTypes));
foreach (var page in pages) await page.CloseAsync();
return alive == o.Circuits ? 0 : 1;

async Task<IPage> OpenCircuitAsync()
{
    var page = await context.NewPageAsync();
    await page.GotoAsync("/admin/authenticators");
    // The console marks its layout once the circuit is up and answers clicks.
    await page.Locator(".mud-layout[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    return page;
}
