using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BlazorAuth.Infrastructure.Telemetry;

/// <summary>
/// The app's own meter, "BlazorAuth": sign-in attempts and their duration, and open console circuits. Tags are fixed
/// vocabularies (method, authenticator type, result, the flows' reason codes), never a user, a name or a token.
/// </summary>
public sealed class SignInTelemetry : IDisposable
{
    public const string MeterName = "BlazorAuth";
    public const string PasswordMethod = "password";
    public const string WebMethod = "web";

    private const string StartItem = "blazorauth.request-start";

    private readonly Meter meter;
    private readonly Counter<long> attempts;
    private readonly Histogram<double> duration;
    private readonly UpDownCounter<long> circuits;

    public SignInTelemetry(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        attempts = meter.CreateCounter<long>("blazorauth.signin.attempts", description: "Sign-in attempts, by method, authenticator type, result and reason.");
        duration = meter.CreateHistogram<double>("blazorauth.signin.duration", unit: "s", description: "Time the app spent on a sign-in attempt.");
        circuits = meter.CreateUpDownCounter<long>("blazorauth.console.circuits", description: "Open console circuits.");
    }

    /// <summary>Remembers when the request arrived, so an attempt's duration covers the whole request (a callback's code exchange included).</summary>
    public static void MarkStart(HttpContext http) => http.Items[StartItem] = Stopwatch.GetTimestamp();

    /// <summary>Records one attempt: <paramref name="reason"/> is the flow's fixed code for a refusal, null for a success.</summary>
    public void Record(HttpContext http, string method, string authenticatorType, string? reason) =>
        Record(method, authenticatorType, reason,
            http.Items.TryGetValue(StartItem, out var start) && start is long ticks ? Stopwatch.GetElapsedTime(ticks) : TimeSpan.Zero);

    public void Record(string method, string authenticatorType, string? reason, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "method", method },
            { "authenticator.type", authenticatorType },
            { "result", reason is null ? "success" : "failure" },
            { "reason", reason ?? "none" },
        };
        attempts.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
    }

    public void CircuitOpened() => circuits.Add(1);

    public void CircuitClosed() => circuits.Add(-1);

    public void Dispose() => meter.Dispose();
}
