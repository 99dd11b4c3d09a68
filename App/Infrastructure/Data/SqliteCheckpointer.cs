using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file off the request path, when <see cref="SqliteConnectionSettings"/>
/// says a commit left enough pages in it, and at most once per <see cref="SqliteOptions.CheckpointInterval"/>. A PASSIVE
/// checkpoint never waits for readers or the writer and never takes the write lock; what it cannot copy yet (a reader
/// still needs it) is tried again after <see cref="RetryDelay"/> or the interval, whichever is longer
/// (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
/// Copying is not enough on its own: SQLite writes the log from its start again only when a writer begins with every
/// frame already copied (https://sqlite.org/wal.html#avoiding_excessively_large_wal_files). Under steady sign-ins a
/// commit always lands while the copy runs, so the log would grow by every commit's pages for as long as the load
/// lasts, and every read would search a longer log. So the bulk is copied beside the writers and, once the log holds
/// <see cref="StartOverFactor"/> times the threshold, copied again beside them until what each copy finds new is
/// short, and only that last stretch is copied with <see cref="SqliteWriteGate"/> held: the next writer then starts
/// the log over. Writers wait for that copy and its fsync, so it is rare and small.
/// </summary>
internal sealed class SqliteCheckpointer(
    SqliteConnectionSettings settings, SqliteWriteGate writers, IDbContextFactory<AppDbContext> contexts, IOptions<DatabaseOptions> options, TimeProvider clock,
    ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private long completed;

    /// <summary>Checkpoints run since the app started; for tests.</summary>
    internal long Completed => Interlocked.Read(ref completed);

    /// <summary>How many times <see cref="SqliteOptions.CheckpointPages"/> the log may hold before writers are held back for it to start over.</summary>
    internal const int StartOverFactor = 4;

    /// <summary>What a copy beside the writers may find new for the next copy to hold them back; more, and it copies beside them again.</summary>
    internal const int ShortTail = 64;

    /// <summary>How soon a checkpoint that could not copy the whole log (a reader still needed part of it) is tried again.</summary>
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Sqlite.CheckpointInterval;
        var unfinished = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A log left partly uncopied is copied later even when no commit asks again.
            if (!unfinished)
            {
                await settings.CheckpointDue.WaitAsync(stoppingToken);
            }

            try
            {
                var (log, copied) = await CheckpointOnceAsync(stoppingToken);
                Interlocked.Increment(ref completed);
                unfinished = copied < log;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Commits are unaffected; the log only grows until a checkpoint succeeds.
                unfinished = true;
                logger.LogWarning(e, "A SQLite checkpoint failed; it is tried again.");
            }

            var pause = unfinished && interval < RetryDelay ? RetryDelay : interval;
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, clock, stoppingToken);
            }
        }
    }

    /// <summary>The bulk beside the writers, then, if the log is long, the rest with the write gate held; the last copy's figures.</summary>
    internal async Task<(int Log, int Copied)> CheckpointOnceAsync(CancellationToken cancellationToken)
    {
        var (log, copied) = await CheckpointAsync(cancellationToken);
        logger.LogDebug("SQLite checkpoint beside the writers: {Copied} of {Log} log pages copied into the database file.", copied, log);
        if (log < (long)StartOverFactor * options.Value.Sqlite.CheckpointPages)
        {
            return (log, copied);
        }

        // Each copy takes a while (its fsync), and commits go on meanwhile; a few more copies beside them leave little.
        for (var pass = 0; pass < 3; pass++)
        {
            var before = copied;
            (log, copied) = await CheckpointAsync(cancellationToken);
            if (log - before <= ShortTail)
            {
                break;
            }
        }

        (log, copied) = await writers.AloneAsync(CheckpointAsync, cancellationToken);
        logger.LogDebug("SQLite checkpoint with the writers held: {Copied} of {Log} log pages copied into the database file.", copied, log);
        return (log, copied);
    }

    private async Task<(int Log, int Copied)> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // A plain command on the connection: one PRAGMA, whose answer is read by position, needs nothing of EF's pipeline.
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(1), reader.GetInt32(2)) : (0, 0);
    }
}
