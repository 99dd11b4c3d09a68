using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace BlazorAuth.Bench.LoadGen;

/// <summary>
/// V virtual users loop over sign-ins for warm-up + seconds; only sign-ins that start and end inside the recorded
/// window count. User n of N is reused every N sign-ins, so after the first N (the warm-up) every user returns.
/// </summary>
public static class LoadRun
{
    public static async Task<int> RunAsync(RunOptions o)
    {
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var flows = new ConcurrentBag<double>();
        var steps = new ConcurrentDictionary<string, ConcurrentBag<double>>(StringComparer.Ordinal);
        var counter = -1;
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(o.Warmup * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(o.Seconds * Stopwatch.Frequency);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Warmup + o.Seconds + o.TimeoutMs / 1000.0 + 5));

        async Task VirtualUser()
        {
            using var client = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false, // a fresh CookieContainer per sign-in, in SignInFlow
                AutomaticDecompression = DecompressionMethods.None,
            }) { Timeout = TimeSpan.FromMilliseconds(o.TimeoutMs) };
            var flow = new SignInFlow(client, o);
            while (Stopwatch.GetTimestamp() < windowEnd && !stop.IsCancellationRequested)
            {
                var n = (uint)Interlocked.Increment(ref counter) % (uint)o.DistinctUsers;
                var begin = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await flow.RunAsync(o.UserPrefix + n.ToString(CultureInfo.InvariantCulture), stop.Token);
                }
                catch (Exception e)
                {
                    // Counted by kind like any other failed sign-in; one bad answer must not end the run.
                    error = $"{flow.Step}:{e switch
                    {
                        TaskCanceledException => "timeout",
                        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h => h.HttpRequestError.ToString(),
                        _ => e.GetType().Name,
                    }}";
                }
                var end = Stopwatch.GetTimestamp();
                if (begin >= windowStart && end <= windowEnd)
                {
                    if (error is null)
                    {
                        flows.Add(flow.FlowMs);
                        foreach (var (k, v) in flow.Steps) steps.GetOrAdd(k, _ => []).Add(v);
                    }
                    else
                    {
                        errors.AddOrUpdate(error, 1, (_, c) => c + 1);
                    }
                }
                if (error is not null) await Task.Delay(10);
            }
        }

        var users = Enumerable.Range(0, o.Users).Select(_ => Task.Run(VirtualUser)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
        var cpuStart = o.Pid is { } p0 ? ProcStat.CpuSeconds(p0) : null;
        var startedUtc = DateTimeOffset.UtcNow;
        var wait = windowEnd - Stopwatch.GetTimestamp();
        if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
        var cpuEnd = o.Pid is { } p1 ? ProcStat.CpuSeconds(p1) : null;
        var rssKb = o.Pid is { } p2 ? ProcStat.RssKb(p2) : null;
        var endedUtc = DateTimeOffset.UtcNow;
        await Task.WhenAll(users);

        var completed = flows.Count;
        var cpu = cpuStart is { } a && cpuEnd is { } b ? b - a : (double?)null;
        var result = new RunResult(
            o.Label, o.Base, o.Users, o.Seconds, o.Warmup, o.DistinctUsers, completed, Math.Round(completed / o.Seconds, 1),
            Percentiles.Of(flows),
            steps.ToDictionary(s => s.Key, s => Percentiles.Of(s.Value), StringComparer.Ordinal),
            errors.Values.Sum(), new SortedDictionary<string, int>(errors, StringComparer.Ordinal),
            cpu is { } c ? Math.Round(c, 2) : null,
            cpu is { } c2 && completed > 0 ? Math.Round(c2 * 1000 / completed, 3) : null,
            cpu is { } c3 ? Math.Round(c3 / o.Seconds, 2) : null,
            rssKb is { } r ? Math.Round(r / 1024.0, 1) : null,
            startedUtc, endedUtc);
        var json = JsonSerializer.Serialize(result, RunResult.Json);
        if (o.JsonPath is { } path) await File.WriteAllTextAsync(path, json + "\n");
        else Console.WriteLine(json);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {o.Label}: {result.SignInsPerSecond:F1} sign-ins/s  p50 {result.Flow?.P50} p99 {result.Flow?.P99} max {result.Flow?.Max} ms  errors {result.ErrorCount}  app {result.AppCpuMsPerSignIn} cpu-ms/sign-in, {result.AppRssMb} MB"));
        return completed == 0 ? 1 : 0;
    }
}

public sealed record Percentiles(int N, double P50, double P90, double P99, double Max, double Mean)
{
    public static Percentiles? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        double P(double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
        return new(sorted.Length, P(50), P(90), P(99), Math.Round(sorted[^1], 2), Math.Round(sorted.Average(), 2));
    }
}

public sealed record RunResult(
    string Label, string Base, int Users, double Seconds, double Warmup, int DistinctUsers, int Completed, double SignInsPerSecond,
    Percentiles? Flow, Dictionary<string, Percentiles?> Steps, int ErrorCount, SortedDictionary<string, int> Errors,
    double? AppCpuSeconds, double? AppCpuMsPerSignIn, double? AppCores, double? AppRssMb,
    DateTimeOffset WindowStartUtc, DateTimeOffset WindowEndUtc)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
