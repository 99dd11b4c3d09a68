using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Sessions;

/// <summary>Deletes ended and expired session records, so the table holds live sessions and little else.</summary>
internal sealed class SessionPurge(IDbContextFactory<AppDbContext> contexts, TimeProvider clock, ILogger<SessionPurge> logger) : BackgroundService
{
    internal static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not at start: its delete takes SQLite's write lock while the app starts and serves its first requests.
        await Task.Delay(BackgroundWrites.FirstRunAfter, clock, stoppingToken);
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging old sessions failed; the next run tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var idle = now - SessionsSetup.IdleCutoff;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.Where(s => s.EndedAt != null || s.ExpiresAt <= now || s.LastSeenAt < idle)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
