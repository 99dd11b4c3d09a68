using BenchmarkDotNet.Attributes;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Bench;

/// <summary>What an anonymous visitor costs: the static sign-in page and the health probe, over real HTTP.</summary>
[MemoryDiagnoser]
public class PortalBenchmarks
{
    private TestApp app = null!;
    private HttpClient http = null!;

    [GlobalSetup]
    public void Setup()
    {
        app = new TestApp(settings: Quiet.Settings);
        http = new HttpClient { BaseAddress = app.BaseAddress };
        http.GetStringAsync("/signin").GetAwaiter().GetResult();
    }

    [Benchmark(Description = "GET /signin (static SSR)")]
    public async Task<int> SignInPage() => (await http.GetByteArrayAsync("/signin")).Length;

    [Benchmark(Description = "GET /healthz (migrations query)")]
    public async Task<int> Health() => (await http.GetByteArrayAsync("/healthz")).Length;

    [GlobalCleanup]
    public void Cleanup()
    {
        http.Dispose();
        app.Dispose();
        app.Database.Dispose();
    }
}

internal static class Quiet
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["RateLimiting:SignIn:PermitLimit"] = "100000000",
    };
}
