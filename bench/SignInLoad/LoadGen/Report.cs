using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BlazorAuth.Bench.LoadGen;

/// <summary>
/// Markdown from the results of one bench/signin-load.sh run: files named {target}-V{v}-r{rep}.json, targets
/// "stock" (A), "stock-durable" (A+) and "product" (B), paired by V and rep; plus the product's busy-wait count from
/// product-counters.csv (dotnet-counters collect) when the script could record it.
/// </summary>
public static partial class Report
{
    public const string BusyWaitCounter = "blazorauth.sqlite.busy_waits";

    public static int Write(string folder)
    {
        var runs = Directory.GetFiles(folder, "*.json")
            .Select(f => (Match: FileName().Match(Path.GetFileName(f)), File: f))
            .Where(x => x.Match.Success)
            .Select(x => new Run(x.Match.Groups[1].Value, int.Parse(x.Match.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(x.Match.Groups[3].Value, CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<RunResult>(File.ReadAllText(x.File), RunResult.Json)!))
            .OrderBy(r => r.V).ThenBy(r => r.Rep).ThenBy(r => Array.IndexOf(Targets, r.Target))
            .ToList();
        var busy = BusyWaits.Read(Path.Combine(folder, "product-counters.csv"), File.Exists(Path.Combine(folder, "product-has-busy-counter")));
        var md = new StringBuilder();
        md.AppendLine("| target | V | rep | sign-ins/s | p50 ms | p90 | p99 | max | errors | app cpu-ms/sign-in | app cores | app RSS MB | SQLite busy waits |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var x = r.Result;
            var errors = x.ErrorCount == 0 ? "0" : $"{x.ErrorCount} ({string.Join(", ", x.Errors.Select(e => $"{e.Key}={e.Value}"))})";
            var waits = r.Target == "product" ? busy.In(x.WindowStartUtc, x.WindowEndUtc) : "";
            md.AppendLine(Invariant($"| {Names[r.Target]} | {r.V} | {r.Rep} | {x.SignInsPerSecond:F1} | {F(x.Flow?.P50)} | {F(x.Flow?.P90)} | {F(x.Flow?.P99)} | {F(x.Flow?.Max)} | {errors} | {F(x.AppCpuMsPerSignIn, 2)} | {F(x.AppCores)} | {F(x.AppRssMb, 0)} | {waits} |"));
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
        md.AppendLine().AppendLine($"SQLite busy waits in the product over the whole run (pre-warm included): {busy.Total}.");
        if (busy.Note is { } note) md.AppendLine().AppendLine(note);
        Console.Write(md.ToString());
        return 0;
    }

    private static readonly string[] Targets = ["stock", "stock-durable", "product"];

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["stock"] = "A stock OAuthHandler",
        ["stock-durable"] = "A+ stock + SQLite inserts",
        ["product"] = "B BlazorAuth",
    };

    private static string F(double? v, int digits = 1) => v is { } x ? x.ToString("F" + digits, CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? b, double? a) => b is { } x && a is { } y && y > 0 ? (x / y).ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(stock|stock-durable|product)-V(\d+)-r(\d+)\.json$")]
    private static partial Regex FileName();

    private sealed record Run(string Target, int V, int Rep, RunResult Result);
}
