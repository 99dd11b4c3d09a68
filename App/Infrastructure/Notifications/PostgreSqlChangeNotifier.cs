using System.Threading.Channels;
using Npgsql;

namespace BlazorAuth.Infrastructure.Notifications;

/// <summary>
/// Sends <see cref="IChangeNotifier.Publish"/>ed notifications from a queue, so the caller's request never waits for
/// them, on a pooled connection of its own (the listening connection only listens).
/// </summary>
internal sealed class PostgreSqlChangeNotifier(PostgreSqlNotificationSource source, ILogger<PostgreSqlChangeNotifier> logger)
    : BackgroundService, IChangeNotifier
{
    private readonly Channel<(string Channel, string Payload)> queue =
        Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Publish(string channel, string payload = "") => queue.Writer.TryWrite((channel, payload));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new HashSet<(string, string)>();
            while (batch.Count < 500 && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await using var connection = await source.Pooled.OpenConnectionAsync(stoppingToken);
                await using var command = new NpgsqlBatch(connection);
                foreach (var (channel, payload) in batch)
                {
                    command.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
                    {
                        Parameters = { new() { Value = channel }, new() { Value = payload } },
                    });
                }

                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The other instances still see the change at their next poll or within the revalidation interval.
                logger.LogWarning(ex, "Telling the other instances of {Count} change(s) failed.", batch.Count);
            }
        }
    }
}
