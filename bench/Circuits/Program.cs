// Issue 13, goal 5: what an open console circuit on /admin/authenticators costs the server. Signs the administrator
// in with Chromium, warms the page up, takes a gcdump (which runs a full blocking GC) with 0 circuits open, opens
// N circuits (one tab each), takes a second gcdump, and prints the managed heap after each full GC, KB per circuit
// and the types that grew the most. See bench/circuits.sh.
using System.Globalization;
using BlazorAuth.Bench.Circuits;
using Microsoft.Playwright;

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

var perCircuit = (open.HeapBytes - zero.HeapBytes) / (double)o.Circuits / 1024;
var rssPerCircuit = (open.RssKb - zero.RssKb) / (double)o.Circuits;
string Kb(long bytes) => (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    ## Console circuits on /admin/authenticators ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {o.Circuits} circuits, {alive} still interactive at the end)

    | | circuits open | managed heap after full GC (gcdump) | GC heap size after last GC (runtime counter) | process RSS |
    |---|---:|---:|---:|---:|
    | before | 0 | {Kb(zero.HeapBytes)} KB | {zero.CounterHeapKb} | {zero.RssKb:N0} KB |
    | after | {o.Circuits} | {Kb(open.HeapBytes)} KB | {open.CounterHeapKb} | {open.RssKb:N0} KB |

    **Managed heap per circuit: {perCircuit:N0} KB** (RSS per circuit: {rssPerCircuit:N0} KB)

    What grew, per circuit: the {o.TopTypes} rows of `dotnet-gcdump report` with the largest growth between the two dumps.
    The report gives one object's size per row, so the KB are objects x that size: exact for fixed-size types,
    approximate for strings and arrays (rows are bucketed by size, e.g. "Bytes > 1K").

    | type | ~KB per circuit | objects per circuit |
    |---|---:|---:|
    {string.Join("\n", Heap.Growth(zero, open, o.TopTypes).Select(g => $"| `{g.Type.Replace("|", "\\|")}` | {g.Bytes / (double)o.Circuits / 1024:N1} | {g.Count / (double)o.Circuits:N1} |"))}

    Dumps: {zero.Dump}, {open.Dump} (open them with `dotnet-gcdump report FILE` or PerfView / Visual Studio).
    """));
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
