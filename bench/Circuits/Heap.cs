using System.Diagnostics;
using System.Globalization;

namespace BlazorAuth.Bench.Circuits;

/// <summary>One measurement of the app's heap: a gcdump (its collection runs a full blocking GC), its object graph, RSS.</summary>
public sealed record Heap(string Dump, HeapGraph Graph, string CounterHeapKb, long RssKb)
{
    public static async Task<Heap> MeasureAsync(CircuitOptions o, string name)
    {
        var dump = Path.Combine(Path.GetFullPath(o.Out), name + ".gcdump");
        await RunAsync(o.GcDump, ["collect", "-p", o.Pid.ToString(CultureInfo.InvariantCulture), "-o", dump]);
        var counter = o.Counters is null ? "-" : await LastGcHeapKbAsync(o);
        var rss = Rss(o.Pid);
        // The tool's text report stays beside the dump for people; the figures come from the graph itself.
        await File.WriteAllTextAsync(Path.ChangeExtension(dump, ".report.txt"), await RunAsync(o.GcDump, ["report", dump]));
        return new(dump, HeapGraph.Load(dump), counter, rss);
    }

    /// <summary>What grew from <paramref name="before"/> to <paramref name="after"/>, largest first.</summary>
    public static IEnumerable<(string Key, long Bytes, long Count)> Growth(
        IReadOnlyDictionary<string, (long Bytes, long Count)> before, IReadOnlyDictionary<string, (long Bytes, long Count)> after) =>
        after.Select(t => (t.Key, t.Value.Bytes - (before.TryGetValue(t.Key, out var b) ? b.Bytes : 0),
                t.Value.Count - (before.TryGetValue(t.Key, out var c) ? c.Count : 0)))
            .OrderByDescending(g => g.Item2);

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
}
