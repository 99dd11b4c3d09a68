using System.Globalization;

namespace BlazorAuth.Bench.LoadGen;

public sealed record RunOptions
{
    public string Base { get; init; } = "";
    public string Label { get; init; } = "run";
    public string? JsonPath { get; init; }
    public string LoginPath { get; init; } = "/auth/dingtalk/bench/login?returnUrl=%2F";
    public string ReturnUrl { get; init; } = "/";
    public string? WhoamiPath { get; init; } = "/";
    public IReadOnlySet<int> WhoamiStatus { get; init; } = new HashSet<int> { 200 };
    public int Users { get; init; } = 8;
    public double Seconds { get; init; } = 10;
    public double Warmup { get; init; } = 3;
    public int DistinctUsers { get; init; } = 200;
    public string UserPrefix { get; init; } = "perf-";
    public int? Pid { get; init; }
    public int TimeoutMs { get; init; } = 30_000;

    /// <summary>A path fetched <see cref="ExtraCount"/> more times per sign-in, each with a fresh cookie jar: what one request costs.</summary>
    public string? ExtraGet { get; init; }

    public int ExtraCount { get; init; }

    /// <summary>How many more times the signed-in page is fetched per sign-in.</summary>
    public int WhoamiRepeat { get; init; }

    public static RunOptions Parse(string[] a)
    {
        var o = new RunOptions();
        for (var i = 0; i < a.Length; i++)
        {
            string Next() => i + 1 < a.Length ? a[++i] : throw new ArgumentException($"{a[i]} needs a value");
            o = a[i] switch
            {
                "--base" => o with { Base = Next().TrimEnd('/') },
                "--label" => o with { Label = Next() },
                "--json" => o with { JsonPath = Next() },
                "--login-path" => o with { LoginPath = Next() },
                "--return-url" => o with { ReturnUrl = Next() },
                "--whoami-path" => o with { WhoamiPath = Next() is { Length: > 0 } w ? w : null },
                "--whoami-status" => o with { WhoamiStatus = Next().Split(',').Select(int.Parse).ToHashSet() },
                "--users" => o with { Users = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seconds" => o with { Seconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => o with { Warmup = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--distinct-users" => o with { DistinctUsers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--user-prefix" => o with { UserPrefix = Next() },
                "--pid" => o with { Pid = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--timeout-ms" => o with { TimeoutMs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--extra-get" => Next().Split('=') is [var path, var count]
                    ? o with { ExtraGet = path, ExtraCount = int.Parse(count, CultureInfo.InvariantCulture) }
                    : throw new ArgumentException("--extra-get takes PATH=N"),
                "--whoami-repeat" => o with { WhoamiRepeat = int.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {a[i]}"),
            };
        }
        if (o.Base.Length == 0) throw new ArgumentException("--base is required");
        if (o.Users < 1 || o.Seconds <= 0 || o.DistinctUsers < 1) throw new ArgumentException("--users, --seconds and --distinct-users must be positive");
        if (o.ExtraCount < 0 || o.WhoamiRepeat < 0) throw new ArgumentException("--extra-get's N and --whoami-repeat must not be negative");
        return o;
    }
}
