using System.Threading.Channels;
using BlazorAuth.Features.Authenticators;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace BlazorAuth.Infrastructure.Notifications;

/// <summary>
/// LISTENs on one dedicated connection and applies what other instances (and this one) announced: the authenticator
/// snapshot is reloaded, an ended session's cached ticket dropped. After every (re)connect it reloads everything,
/// since notifications sent while it was away are lost. EF Core has no API for this; Npgsql's
/// <see cref="NpgsqlConnection.WaitAsync(CancellationToken)"/> delivers them.
/// </summary>
internal sealed class PostgreSqlChangeListener(
    PostgreSqlNotificationSource source,
    AuthenticatorSnapshot snapshot,
    IMemoryCache cache,
    ILogger<PostgreSqlChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly Channel<NpgsqlNotificationEventArgs> received =
        Channel.CreateUnbounded<NpgsqlNotificationEventArgs>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Set once the first LISTEN is in place; tests and the cluster script wait for it.</summary>
    public TaskCompletionSource Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var applying = ApplyAsync(stoppingToken);
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = source.CreateListener();
                // Raised on the connection's reading thread: hand over at once, never run a query from there.
                connection.Notification += (_, e) => received.Writer.TryWrite(e);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeChannels.Authenticators}; LISTEN {ChangeChannels.Sessions};", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await ReloadEverythingAsync(stoppingToken);
                Listening.TrySetResult();
                delay = TimeSpan.FromMilliseconds(250);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Listening for other instances' changes failed; reconnecting in {Delay}.", delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }

        received.Writer.TryComplete();
        await applying;
    }

    private async Task ApplyAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await received.Reader.WaitToReadAsync(stoppingToken))
            {
                var reload = false;
                while (received.Reader.TryRead(out var notification))
                {
                    if (notification.Channel == ChangeChannels.Authenticators)
                    {
                        reload = true;
                    }
                    else if (notification.Channel == ChangeChannels.Sessions)
                    {
                        // DbTicketStore caches a session's ticket under its key hash.
                        cache.Remove(notification.Payload);
                    }
                }

                if (reload)
                {
                    await ReloadSnapshotAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReloadEverythingAsync(CancellationToken stoppingToken)
    {
        // Any session may have ended while nobody listened.
        (cache as MemoryCache)?.Clear();
        await ReloadSnapshotAsync(stoppingToken);
    }

    private async Task ReloadSnapshotAsync(CancellationToken stoppingToken)
    {
        try
        {
            await snapshot.ReloadAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Reloading the authenticators after a change notification failed; the next poll tries again.");
        }
    }
}
