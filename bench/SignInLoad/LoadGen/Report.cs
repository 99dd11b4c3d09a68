using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BlazorAuth.Bench.LoadGen;

/// <summary>
/// Markdown from the results of one bench/signin-load.sh run: files named {target}-V{v}-r{rep}.json, targets
/// "stock" (A), "stock-durable" (A+) and "product" (B), paired by V and rep; plus the product's busy-wait count and
/// bytes allocated per sign-in from product-counters.csv (dotnet-counters collect) when the script could record them.
/// Variants of B ("product+NAME", from the script's --variant) get a row each and a table of their ratios to B, same V
/// and rep.
/// </summary>
public static partial class Report
{
    public const string BusyWaitCounter = "blazorauth.sqlite.busy_waits";
    public const string GateWaitCounter = "blazorauth.sqlite.write_gate.waits";
    public const string AllocatedCounter = "dotnet.gc.heap.total_allocated";

    public static int Write(string folder)
    {
        var runs = Directory.GetFiles(folder, "*.json")
            .Select(f => (Match: FileName().Match(Path.GetFileName(f)), File: f))
            .Where(x => x.Match.Success)
            .Select(x => new Run(x.Match.Groups[1].Value, int.Parse(x.Match.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(x.Match.Groups[3].Value, CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<RunResult>(File.ReadAllText(x.File), RunResult.Json)!))
            .OrderBy(r => r.V).ThenBy(r => r.Rep).ThenBy(r => Order(r.Target)).ThenBy(r => r.Target, StringComparer.Ordinal)
            .ToList();
        var busy = BusyWaits.Read(Path.Combine(folder, "product-counters.csv"), File.Exists(Path.Combine(folder, "product-has-busy-counter")));
        var queued = BusyWaits.Read(Path.Combine(folder, "product-counters.csv"), File.Exists(Path.Combine(folder, "product-has-gate-counter")), GateWaitCounter);
        // Bytes allocated are the steadiest witness of work per sign-in: CPU per sign-in moves with the machine's phase.
        var allocated = BusyWaits.Read(Path.Combine(folder, "product-counters.csv"), productHasCounter: true, AllocatedCounter);
        var md = new StringBuilder();
        md.AppendLine("| target | V | rep | sign-ins/s | p50 ms | p90 | p99 | max | errors | app cpu-ms/sign-in | app cores | app RSS MB | SQLite busy waits | write-gate waits | KB allocated/sign-in |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var x = r.Result;
            var errors = x.ErrorCount == 0 ? "0" : $"{x.ErrorCount} ({string.Join(", ", x.Errors.Select(e => $"{e.Key}={e.Value}"))})";
            var waits = r.Target == "product" ? busy.In(x.WindowStartUtc, x.WindowEndUtc) : "";
            var gate = r.Target == "product" ? queued.In(x.WindowStartUtc, x.WindowEndUtc) : "";
            var bytes = r.Target == "product" && x.Completed > 0 ? allocated.Sum(x.WindowStartUtc, x.WindowEndUtc) / x.Completed / 1024 : null;
            md.AppendLine(Invariant($"| {NameOf(r.Target)} | {r.V} | {r.Rep} | {x.SignInsPerSecond:F1} | {F(x.Flow?.P50)} | {F(x.Flow?.P90)} | {F(x.Flow?.P99)} | {F(x.Flow?.Max)} | {errors} | {F(x.AppCpuMsPerSignIn, 2)} | {F(x.AppCores)} | {F(x.AppRssMb, 0)} | {waits} | {gate} | {F(bytes, 0)} |"));
        }
        md.AppendLine();
        md.AppendLine("Ratios, per V and rep (same run): throughput B/A and B/A+ (>1: BlazorAuth completes more sign-ins/s), app CPU per sign-in B/A and B/A+ (<1: BlazorAuth spends less).");
        md.AppendLine();
        md.AppendLine("| V | rep | throughput B/A | throughput B/A+ | cpu/sign-in B/A | cpu/sign-in B/A+ | p99 B/A | p99 B/A+ | B p99 ms | B max ms |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var b in runs.Where(r => r.Target == "product"))
        {
            var a = runs.FirstOrDefault(r => r.Target == "stock" && r.V == b.V && r.Rep == b.Rep)?.Result;
            var ap = runs.FirstOrDefault(r => r.Target == "stock-durable" && r.V == b.V && r.Rep == b.Rep)?.Result;
            var x = b.Result;
            md.AppendLine(Invariant($"| {b.V} | {b.Rep} | {Ratio(x.SignInsPerSecond, a?.SignInsPerSecond)} | {Ratio(x.SignInsPerSecond, ap?.SignInsPerSecond)} | {Ratio(x.AppCpuMsPerSignIn, a?.AppCpuMsPerSignIn)} | {Ratio(x.AppCpuMsPerSignIn, ap?.AppCpuMsPerSignIn)} | {Ratio(x.Flow?.P99, a?.Flow?.P99)} | {Ratio(x.Flow?.P99, ap?.Flow?.P99)} | {F(x.Flow?.P99)} | {F(x.Flow?.Max)} |"));
        }
        var variants = runs.Where(r => r.Target.StartsWith(VariantPrefix, StringComparison.Ordinal)).ToList();
        if (variants.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Variants of B, per V and rep (same run): throughput B+x/B (<1: the variant completes fewer sign-ins/s), app CPU per sign-in B+x/B (>1: it spends more).");
            md.AppendLine();
            md.AppendLine("| variant | V | rep | throughput B+x/B | cpu/sign-in B+x/B | p50 B+x/B | p99 B+x/B |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var x in variants)
            {
                var b = runs.FirstOrDefault(r => r.Target == "product" && r.V == x.V && r.Rep == x.Rep)?.Result;
                var y = x.Result;
                md.AppendLine(Invariant($"| {NameOf(x.Target)} | {x.V} | {x.Rep} | {Ratio(y.SignInsPerSecond, b?.SignInsPerSecond)} | {Ratio(y.AppCpuMsPerSignIn, b?.AppCpuMsPerSignIn)} | {Ratio(y.Flow?.P50, b?.Flow?.P50)} | {Ratio(y.Flow?.P99, b?.Flow?.P99)} |"));
            }
        }

        md.AppendLine().AppendLine($"SQLite busy waits in the product over the whole run (pre-warm included): {busy.Total}.");
        if (busy.Note is { } note) md.AppendLine().AppendLine(note);
        md.AppendLine().AppendLine($"Writes that queued behind another in the product's in-process write gate, whole run: {queued.Total}.");
        if (queued.Note is { } gateNote) md.AppendLine().AppendLine(gateNote);
        Console.Write(md.ToString());
        return 0;
    }

    private static readonly string[] Targets = ["stock", "stock-durable", "product"];

    private const string VariantPrefix = "product+";

    private static int Order(string target) => target.StartsWith(VariantPrefix, StringComparison.Ordinal) ? Targets.Length : Array.IndexOf(Targets, target);

    private static string NameOf(string target) =>
        Names.TryGetValue(target, out var name) ? name : "B+" + target[VariantPrefix.Length..];

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["stock"] = "A stock OAuthHandler",
        ["stock-durable"] = "A+ stock + SQLite inserts",
        ["product"] = "B BlazorAuth",
    };

    private static string F(double? v, int digits = 1) => v is { } x ? x.ToString("F" + digits, CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? b, double? a) => b is { } x && a is { } y && y > 0 ? (x / y).ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(stock|stock-durable|product|product\+[a-z0-9][a-z0-9-]*)-V(\d+)-r(\d+)\.json$")]
    private static partial Regex FileName();

    private sealed record Run(string Target, int V, int Rep, RunResult Result);
}
