using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BlazorAuth.Bench;

// Not top-level statements: their "Program" would clash with the app's own.
public static class BenchMain
{
    /// <summary>
    /// In-process: the benchmark hosts the app itself, on a real Kestrel port and a real SQLite file. The load modes
    /// (<c>password-signin</c>, <c>rate-limits</c>) load an app running in its own process (see bench/against-published-app.sh).
    /// </summary>
    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["password-signin", .. var rest]:
                return PasswordSignInLoad.RunAsync(rest).GetAwaiter().GetResult();
            case ["rate-limits", .. var rest]:
                return RateLimitProbe.RunAsync(rest).GetAwaiter().GetResult();
            case ["session-cost", .. var rest]:
                return SessionCost.RunAsync(rest).GetAwaiter().GetResult();
        }

        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(BenchMain).Assembly).Run(args, config);
        return 0;
    }
}
