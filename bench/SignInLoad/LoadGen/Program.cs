// The sign-in load test's client side, three commands (see bench/signin-load.sh):
//   run     V virtual users sign in through the DingTalk flow for a bounded time, and write one JSON result
//   setup   gets a running BlazorAuth ready through its HTTP contract (admin sign-in, plugin on, authenticator)
//   report  turns a folder of results into markdown: one row per measurement, and the ratios B/A and B/A+
using BlazorAuth.Bench.LoadGen;

return args switch
{
    ["run", .. var rest] => await LoadRun.RunAsync(RunOptions.Parse(rest)),
    ["setup", .. var rest] => await ProductSetup.RunAsync(rest),
    ["report", var folder] => Report.Write(folder),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: LoadGen run --base URL --label L --json FILE [--login-path P] [--users V] [--seconds S] [--warmup W]
                           [--distinct-users N] [--user-prefix X] [--whoami-path P] [--whoami-status 200,403] [--pid PID]
                           [--extra-get PATH=N] [--whoami-repeat N]
               LoadGen setup --base URL --admin-email E --admin-password P [--name bench]
               LoadGen report FOLDER
        """);
    return 2;
}
