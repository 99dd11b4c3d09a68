using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BlazorAuth.Bench;

// Not top-level statements: their "Program" would clash with the app's own.
public static class BenchMain
{
    /// <summary>
    /// In-process: the benchmark hosts the app itself, on a real Kestrel port and a real SQLite file. The exception,
    /// <c>password-signin</c>, loads an app running in its own process (see bench/password-signin.sh).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args is ["password-signin", .. var rest])
        {
            return PasswordSignInLoad.RunAsync(rest).GetAwaiter().GetResult();
        }

        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(BenchMain).Assembly).Run(args, config);
        return 0;
    }
}
