using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Audit;

/// <summary>Deletes records older than <c>Audit:RetentionDays</c>, in small batches so writers never wait long.</summary>
public sealed class AuditRetention(
    IDbContextFactory<AppDbContext> contexts,
    IOptionsMonitor<AuditOptions> options,
    TimeProvider clock,
    ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not at start: its deletes take SQLite's write lock while the app starts and serves its first requests.
        await Task.Delay(Infrastructure.Data.BackgroundWrites.FirstRunAfter, clock, stoppingToken);
        using var timer = new PeriodicTimer(options.CurrentValue.RetentionInterval, clock);
        do
        {
            try
            {
                var deleted = await PurgeAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Audit retention deleted {Count} records.", deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Audit retention failed; the next run tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes every record older than the retention, one batch per statement; answers how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (settings.RetentionDays <= 0)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-settings.RetentionDays);
        var size = Math.Max(1, settings.RetentionBatchSize);
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // The oldest ids first: the (At, Id) index hands them over without a scan.
            var ids = db.AuditEvents.Where(e => e.At < cutoff).OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => e.Id).Take(size);
            var deleted = await db.AuditEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < size)
            {
                break;
            }
        }

        return total;
    }
}
