using System.Globalization;

namespace BlazorAuth.Bench.Circuits;

public sealed record CircuitOptions
{
    public string Base { get; init; } = "";
    public string AdminEmail { get; init; } = "";
    public string AdminPassword { get; init; } = "";
    public int Pid { get; init; }
    public int Circuits { get; init; } = 50;
    public int WarmupCircuits { get; init; } = 3;
    public int TopTypes { get; init; } = 15;
    public string Chromium { get; init; } = "/usr/bin/chromium";
    public string GcDump { get; init; } = "dotnet-gcdump";
    public string? Counters { get; init; }
    public string Out { get; init; } = ".";

    public static CircuitOptions Parse(string[] a)
    {
        var o = new CircuitOptions();
        for (var i = 0; i < a.Length; i++)
        {
            string Next() => i + 1 < a.Length ? a[++i] : throw new ArgumentException($"{a[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = a[i] switch
            {
                "--base" => o with { Base = Next().TrimEnd('/') + "/" },
                "--admin-email" => o with { AdminEmail = Next() },
                "--admin-password" => o with { AdminPassword = Next() },
                "--pid" => o with { Pid = Int() },
                "--circuits" => o with { Circuits = Int() },
                "--warmup-circuits" => o with { WarmupCircuits = Int() },
                "--top" => o with { TopTypes = Int() },
                "--chromium" => o with { Chromium = Next() },
                "--gcdump" => o with { GcDump = Next() },
                "--counters" => o with { Counters = Next() },
                "--out" => o with { Out = Next() },
                _ => throw new ArgumentException($"unknown option {a[i]}"),
            };
        }
        if (o.Base.Length <= 1 || o.Pid == 0 || o.AdminEmail.Length == 0) throw new ArgumentException("--base, --pid and --admin-email are required");
        if (o.Circuits < 1) throw new ArgumentException("--circuits must be positive");
        return o;
    }
}
