using System.Diagnostics.Metrics;
using BlazorAuth.Features.Audit;

namespace BlazorAuth.Infrastructure.Telemetry;

/// <summary>
/// The audit queue on the "BlazorAuth" meter: <c>blazorauth.audit.queue.depth</c> (events waiting) and
/// <c>blazorauth.audit.dropped</c> (events lost to a full queue or a failed write, by type and result).
/// </summary>
public sealed class AuditMetrics
{
    private readonly Counter<long> dropped;
    private Func<int> depth = () => 0;

    public AuditMetrics(IMeterFactory meters)
    {
        // The factory hands every caller asking for this name the same meter; SignInTelemetry owns its lifetime.
        var meter = meters.Create(SignInTelemetry.MeterName);
        dropped = meter.CreateCounter<long>("blazorauth.audit.dropped", description: "Audit events dropped (queue full or write failed), by type and result.");
        meter.CreateObservableGauge("blazorauth.audit.queue.depth", () => depth(), description: "Audit events waiting to be written.");
    }

    public void ObserveDepth(Func<int> read) => depth = read;

    public void Dropped(AuditEvent record) =>
        dropped.Add(1, new KeyValuePair<string, object?>("type", record.Type), new KeyValuePair<string, object?>("result", record.Result));
}
