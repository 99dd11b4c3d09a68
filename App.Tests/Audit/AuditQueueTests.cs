using System.Diagnostics.Metrics;
using BlazorAuth.Features.Audit;
using BlazorAuth.Infrastructure.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Audit;

/// <summary>The bounded queue alone: what a full queue keeps, what it drops, and that every drop is counted.</summary>
public sealed class AuditQueueTests : IDisposable
{
    private readonly ServiceMeters meters = new();

    public void Dispose() => meters.Dispose();

    private (AuditQueue Queue, AuditMetrics Metrics) NewQueue(int capacity)
    {
        var metrics = new AuditMetrics(meters);
        var queue = new AuditQueue(Options.Create(new AuditOptions { QueueCapacity = capacity }), metrics, NullLogger<AuditQueue>.Instance);
        metrics.ObserveDepth(() => queue.Count);
        return (queue, metrics);
    }

    private static AuditEvent Event(string result, int second) =>
        new() { At = new DateTime(2026, 12, 1, 0, 0, second, DateTimeKind.Utc), Type = AuditEventTypes.SignIn, Result = result, Detail = $"{result}-{second}" };

    [Fact]
    public void A_full_queue_drops_failures_before_successes_and_counts_every_drop()
    {
        using var dropped = new MetricCollector<long>(meters, SignInTelemetry.MeterName, "blazorauth.audit.dropped");
        var (queue, _) = NewQueue(capacity: 3);
        queue.Enqueue(Event(AuditResults.Failure, 1));
        queue.Enqueue(Event(AuditResults.Success, 2));
        queue.Enqueue(Event(AuditResults.Failure, 3));

        queue.Enqueue(Event(AuditResults.Failure, 4)); // full: this failure is dropped
        queue.Enqueue(Event(AuditResults.Success, 5)); // full: pushes out the oldest failure
        queue.Enqueue(Event(AuditResults.Success, 6)); // full: pushes out the other failure
        queue.Enqueue(Event(AuditResults.Success, 7)); // full of successes: this one is dropped

        Assert.Equal(["success-2", "success-5", "success-6"], queue.Take(10).Select(e => e.Detail));
        Assert.Equal(4, queue.Dropped);
        var counted = dropped.GetMeasurementSnapshot();
        Assert.Equal(4, counted.Sum(m => m.Value));
        Assert.Equal(3, counted.Count(m => Equals(m.Tags["result"], AuditResults.Failure)));
        Assert.Equal(1, counted.Count(m => Equals(m.Tags["result"], AuditResults.Success)));
    }

    [Fact]
    public void The_depth_gauge_reads_what_waits()
    {
        using var depth = new MetricCollector<int>(meters, SignInTelemetry.MeterName, "blazorauth.audit.queue.depth");
        var (queue, _) = NewQueue(capacity: 10);
        queue.Enqueue(Event(AuditResults.Success, 1));
        queue.Enqueue(Event(AuditResults.Failure, 2));

        depth.RecordObservableInstruments();

        Assert.Equal(2, depth.LastMeasurement?.Value);
    }

    [Fact]
    public void A_batch_comes_out_in_time_order_across_successes_and_failures()
    {
        var (queue, _) = NewQueue(capacity: 10);
        queue.Enqueue(Event(AuditResults.Failure, 1));
        queue.Enqueue(Event(AuditResults.Success, 2));
        queue.Enqueue(Event(AuditResults.Failure, 3));

        Assert.Equal([1, 2, 3], queue.Take(10).Select(e => e.At.Second));
        Assert.Empty(queue.Take(10));
    }

    /// <summary>A meter factory of its own, so these measurements are this test's only.</summary>
    private sealed class ServiceMeters : IMeterFactory
    {
        private readonly List<Meter> created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            created.Add(meter);
            return meter;
        }

        public void Dispose() => created.ForEach(m => m.Dispose());
    }
}
