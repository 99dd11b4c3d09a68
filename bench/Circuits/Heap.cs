using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BlazorAuth.Bench.Circuits;

/// <summary>One measurement of the app's heap: a gcdump (its collection runs a full blocking GC), its report, RSS.</summary>
public sealed partial record Heap(string Dump, long HeapBytes, string CounterHeapKb, long RssKb, Dictionary<string, (long Bytes, long Count)> Types)
{
    public static async Task<Heap> MeasureAsync(CircuitOptions o, string name)
    {
        var dump = Path.Combine(Path.GetFullPath(o.Out), name + ".gcdump");
        await RunAsync(o.GcDump, ["collect", "-p", o.Pid.ToString(CultureInfo.InvariantCulture), "-o", dump]);
        var counter = o.Counters is null ? "-" : await LastGcHeapKbAsync(o);
        var rss = Rss(o.Pid);
        var report = await RunAsync(o.GcDump, ["report", dump]);
        await File.WriteAllTextAsync(Path.ChangeExtension(dump, ".report.txt"), report);
        var total = TotalLine().Match(report) is { Success: true } m ? long.Parse(m.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("no 'GC Heap bytes' line in the gcdump report");
        var types = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (Match row in TypeLine().Matches(report))
        {
            var type = row.Groups[3].Value.Trim();
            var bytes = long.Parse(row.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            var count = long.Parse(row.Groups[2].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            // The report's first column is the size of one object of the row (not the row's total): bytes ~ size x count.
            types[type] = types.TryGetValue(type, out var t) ? (t.Item1 + bytes * count, t.Item2 + count) : (bytes * count, count);
        }
        return new(dump, total, counter, rss, types);
    }

    public static IEnumerable<(string Type, long Bytes, long Count)> Growth(Heap before, Heap after, int top) =>
        after.Types.Select(t => (t.Key, t.Value.Bytes - (before.Types.TryGetValue(t.Key, out var b) ? b.Bytes : 0),
                t.Value.Count - (before.Types.TryGetValue(t.Key, out var c) ? c.Count : 0)))
            .OrderByDescending(g => g.Item2).Take(top);

    // Right after the dump's full GC, the runtime's own figure for the heap it left, as a check on the dump's total.
    private static async Task<string> LastGcHeapKbAsync(CircuitOptions o)
    {
        var csv = Path.Combine(Path.GetFullPath(o.Out), $"heap-{Guid.NewGuid():N}.csv");
        await RunAsync(o.Counters!, ["collect", "-p", o.Pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime[dotnet.gc.last_collection.heap.size]",
            "--format", "csv", "-o", csv, "--refresh-interval", "1", "--duration", "00:00:03"]);
        var sizes = File.Exists(csv) ? File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Where(f => f.Length >= 5)
            .GroupBy(f => f[0]).Select(g => g.Sum(f => double.Parse(f[^1], CultureInfo.InvariantCulture))).ToList() : [];
        File.Delete(csv);
        return sizes.Count == 0 ? "-" : (sizes[^1] / 1024).ToString("N0", CultureInfo.InvariantCulture) + " KB";
    }

    private static long Rss(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).FirstOrDefault();

    private static async Task<string> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        return await output;
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(\S.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
