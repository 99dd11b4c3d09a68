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
/// </summary>
public static class PasswordSignInLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var baseAddress = new Uri(options.Get("base-url"));
        var clients = options.Int("clients", 8);
        var seconds = options.Int("seconds", 20);
        var warmup = options.Int("warmup", 5);
        var hashSeconds = options.Int("hash-seconds", 20);
        var hashThreads = options.Get("hash-threads", "2,8").Split(',').Select(int.Parse).ToArray();
        var iterations = options.Int("iterations", IdentitySetup.PasswordHashIterations);

        var users = await BenchAdmin.CreateUsersAsync(baseAddress, options.Get("admin-email"), options.Get("admin-password"), "bench", clients, BenchAdmin.Password);

        Console.WriteLine($"# Password sign-in load, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {iterations:N0} PBKDF2 iterations");
        Console.WriteLine();
        Console.WriteLine("| measurement | per second | p50 ms | p99 ms | max ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var threads in hashThreads)
        {
            var rate = HashLimit(threads, TimeSpan.FromSeconds(hashSeconds), iterations);
            Console.WriteLine($"| hashing limit, {threads} parallel `VerifyHashedPassword` loops ({hashSeconds} s) | {rate:F1} | | | | |");
        }

        var result = await LoadAsync(baseAddress, users, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
        Console.WriteLine(
            $"| password sign-ins, {clients} concurrent clients ({seconds} s after {warmup} s warm-up) | {result.PerSecond:F1} | {result.P50:F0} | {result.P99:F0} | {result.Max:F0} | {result.Errors} |");
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
                else if (began >= recordFrom && ended <= stopAt)
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
