using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Authenticators;

public sealed class SnapshotOptions
{
    public const string Section = "Authenticators";

    /// <summary>How soon a change written by another instance sharing the database reaches this one.</summary>
    public TimeSpan SnapshotRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Several instances can share one database; each keeps its own snapshot. This reloads it on a timer: two small
/// queries, and the listeners (schemes, options) hear of it only when something changed.
/// </summary>
public sealed class AuthenticatorSnapshotRefresher(
    AuthenticatorSnapshot snapshot,
    IOptions<SnapshotOptions> options,
    TimeProvider clock,
    ILogger<AuthenticatorSnapshotRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnapshotRefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await snapshot.ReloadAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Reloading the authenticators failed; the previous snapshot stays in use.");
            }
        }
    }
}
