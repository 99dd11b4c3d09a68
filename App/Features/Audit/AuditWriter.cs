using BlazorAuth.Infrastructure.Telemetry;

using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// Stores queued events in batches. A failed batch is logged and counted as dropped, never retried forever: the
/// database being down must not grow the queue without bound. Stopping the host flushes what is still waiting.
/// </summary>
public sealed class AuditWriter(
    AuditQueue queue,
    IDbContextFactory<AppDbContext> contexts,
    IOptions<AuditOptions> options,
    AuditMetrics metrics,
    ILogger<AuditWriter> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim writing = new(1, 1);

    private int BatchSize => Math.Max(1, options.Value.BatchSize);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            // Nothing is ever queued (see AuditRecorder): no loop waking every second for nothing.
            return;
        }

        var delay = options.Value.WriteDelay < TimeSpan.Zero ? TimeSpan.Zero
            : options.Value.WriteDelay > LongestDelay ? LongestDelay : options.Value.WriteDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await queue.WaitAsync(Idle, stoppingToken);
                var waiting = queue.Count;
                if (delay > TimeSpan.Zero && waiting > 0 && waiting < BatchSize)
                {
                    // Under load every sign-in queues an event; written one by one, each cost about what its sign-in's
                    // own session write does (docs/benchmarks.md, 2026-12-02). Stopping cancels the delay; StopAsync flushes.
                    await Task.Delay(delay, stoppingToken);
                }

                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The loop has ended: what is still queued is written now, before the host lets the process go.
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes everything queued so far. Tests call it to see the records without waiting on the loop.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await writing.WaitAsync(cancellationToken);
        try
        {
            for (var batch = queue.Take(BatchSize); batch.Count > 0; batch = queue.Take(BatchSize))
            {
                await WriteAsync(batch, cancellationToken);
            }
        }
        finally
        {
            writing.Release();
        }
    }

    private async Task WriteAsync(List<AuditEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            // Plain inserts: the records are never read back, so SaveChanges' tracking and key fix-up were pure cost.
            await RowWriter.InTransactionAsync(contexts, async rows =>
            {
                foreach (var record in batch)
                {
                    await rows.InsertAsync(record, cancellationToken);
                }
            }, cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            foreach (var lost in batch)
            {
                metrics.Dropped(lost);
            }

            logger.LogWarning(e, "Could not store {Count} audit events; they are dropped.", batch.Count);
        }
    }
}
