using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Bench;

/// <summary>
/// Password sign-ins per second against a running app (another process), next to the hashing limit measured in this
/// process in the same run: N threads doing nothing but <see cref="PasswordHasher{TUser}.VerifyHashedPassword"/>.
/// Each sign-in is what a person does: GET /signin, then POST the form with its antiforgery token, in a fresh cookie jar.
/// The hashing limit is measured before and after the load (this VM's speed drifts within minutes) and the sign-ins are
/// compared with the best of the per-N means. The warm-up is long because a fresh process still spends ~7 % of its CPU
/// in the JIT 15–25 s into this load (perf, docs/benchmarks.md); a sign-in counts when it ends inside the window.
/// </summary>
public static class PasswordSignInLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var baseAddress = new Uri(options.Get("base-url"));
        var clients = options.Int("clients", 8);
        var seconds = options.Int("seconds", 20);
        var warmup = options.Int("warmup", 20);
        var hashSeconds = options.Int("hash-seconds", 20);
        var hashThreads = options.Get("hash-threads", "2,8").Split(',').Select(int.Parse).ToArray();
        var iterations = options.Int("iterations", IdentitySetup.PasswordHashIterations);

        var users = await BenchAdmin.CreateUsersAsync(baseAddress, options.Get("admin-email"), options.Get("admin-password"), "bench", clients, BenchAdmin.Password);

        Console.WriteLine($"# Password sign-in load, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {iterations:N0} PBKDF2 iterations");
        Console.WriteLine();
        Console.WriteLine("| measurement | per second | p50 ms | p99 ms | max ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var limits = hashThreads.ToDictionary(n => n, _ => new List<double>());
        void MeasureLimits(string when)
        {
            foreach (var threads in hashThreads)
            {
                var rate = HashLimit(threads, TimeSpan.FromSeconds(hashSeconds), iterations);
                limits[threads].Add(rate);
                Console.WriteLine($"| hashing limit {when}, {threads} parallel `VerifyHashedPassword` loops ({hashSeconds} s) | {rate:F1} | | | | |");
            }
        }

        MeasureLimits("before");
        var result = await LoadAsync(baseAddress, users, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
        Console.WriteLine(
            $"| password sign-ins, {clients} concurrent clients ({seconds} s after {warmup} s warm-up) | {result.PerSecond:F1} | {result.P50:F0} | {result.P99:F0} | {result.Max:F0} | {result.Errors} |");
        MeasureLimits("after");
        var (bestThreads, best) = limits.Select(l => (l.Key, l.Value.Average())).MaxBy(l => l.Item2);
        Console.WriteLine();
        Console.WriteLine($"Sign-ins / hashing limit: **{result.PerSecond / best:F2}×** (limit: the mean of before and after with {bestThreads} loops, {best:F1}/s)");
        return result.Errors == 0 ? 0 : 1;
    }

    private static double HashLimit(int threads, TimeSpan duration, int iterations)
    {
        var hasher = new PasswordHasher<AppUser>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
        var user = new AppUser();
        var hash = hasher.HashPassword(user, BenchAdmin.Password);
        long done = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                if (hasher.VerifyHashedPassword(user, hash, BenchAdmin.Password) == PasswordVerificationResult.Failed)
                {
                    throw new InvalidOperationException("The benchmark's own hash did not verify.");
                }

                Interlocked.Increment(ref done);
            }
        })).ToList();
        var started = Stopwatch.StartNew();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return done / started.Elapsed.TotalSeconds;
    }

    private static async Task<(double PerSecond, double P50, double P99, double Max, int Errors)> LoadAsync(
        Uri baseAddress, IReadOnlyList<string> users, TimeSpan warmup, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var recordFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = recordFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[users.Count];
        var errors = 0;
        await Task.WhenAll(users.Select(async (user, i) =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var began = Stopwatch.GetTimestamp();
                using var browser = new BrowserClient(baseAddress);
                using var response = await browser.SignInAsync(user, BenchAdmin.Password);
                var ended = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    Interlocked.Increment(ref errors);
                }
                else if (ended >= recordFrom && ended <= stopAt)
                {
                    latencies[i].Add((ended - began) * 1000.0 / Stopwatch.Frequency);
                }
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / duration.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), all.LastOrDefault(), errors);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

}
