using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BlazorAuth.Bench;

// Not top-level statements: their "Program" would clash with the app's own.
public static class BenchMain
{
    /// <summary>In-process: the benchmark hosts the app itself, on a real Kestrel port and a real SQLite file.</summary>
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(BenchMain).Assembly).Run(args, config);
    }
}
