using System.Diagnostics.Metrics;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Infrastructure.Telemetry;

/// <summary>
/// <c>blazorauth.sessions.active</c>: sessions neither ended nor expired. The gauge's callback is synchronous and runs
/// at every collection, so it answers the last count and refreshes it in the background at most every 30 seconds.
/// </summary>
public sealed class ActiveSessionsGauge : IHostedService
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly IDbContextFactory<AppDbContext> contexts;
    private readonly TimeProvider clock;
    private readonly ILogger<ActiveSessionsGauge> logger;
    private long count;
    private long refreshedAt;
    private int refreshing;

    public ActiveSessionsGauge(IMeterFactory meters, IDbContextFactory<AppDbContext> contexts, TimeProvider clock, ILogger<ActiveSessionsGauge> logger)
    {
        this.contexts = contexts;
        this.clock = clock;
        this.logger = logger;
        meters.Create(SignInTelemetry.MeterName)
            .CreateObservableGauge("blazorauth.sessions.active", Read, description: "Server-side sessions neither ended nor expired (refreshed every 30 s).");
    }

    public Task StartAsync(CancellationToken cancellationToken) => RefreshAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private long Read()
    {
        if (clock.GetElapsedTime(Interlocked.Read(ref refreshedAt)) > MaxAge && Interlocked.Exchange(ref refreshing, 1) == 0)
        {
            _ = Task.Run(RefreshAsync);
        }

        return Interlocked.Read(ref count);
    }

    private async Task RefreshAsync()
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync();
            Interlocked.Exchange(ref count, await db.Sessions.LongCountAsync(s => s.EndedAt == null && s.ExpiresAt > now));
            Interlocked.Exchange(ref refreshedAt, clock.GetTimestamp());
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogDebug(e, "Counting active sessions failed; the gauge keeps its last value.");
        }
        finally
        {
            Interlocked.Exchange(ref refreshing, 0);
        }
    }
}
