using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// SQLite's settings are part of the design: WAL, so readers and a writer do not wait for each other, and a busy
/// handler, so a writer waits for another instead of failing, and every such wait is counted; WAL checkpoints run in
/// the background, never inside a request's commit.
/// </summary>
public sealed class SqliteSettingsTests
{
    [Fact]
    public async Task The_database_runs_in_WAL_mode()
    {
        using var app = new TestApp();
        try
        {
            var mode = await app.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                return (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync()).Single();
            });

            Assert.Equal("wal", mode);
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task A_writer_behind_another_waits_for_it_instead_of_failing_and_the_wait_is_counted()
    {
        using var app = new TestApp();
        try
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("CREATE TABLE Probe (Id INTEGER PRIMARY KEY)"));
            var settings = app.Services.GetRequiredService<SqliteConnectionSettings>();
            var before = settings.BusyWaits;

            await using var holder = Open(app, settings);
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO Probe VALUES (1);";
                await begin.ExecuteNonQueryAsync();
            }

            var waiting = Task.Run(async () =>
            {
                await using var writer = Open(app, settings);
                await using var insert = writer.CreateCommand();
                insert.CommandText = "INSERT INTO Probe VALUES (2)";
                await insert.ExecuteNonQueryAsync();
            });

            while (settings.BusyWaits == before && !waiting.IsCompleted)
            {
                await Task.Delay(5);
            }

            Assert.False(waiting.IsCompleted, "The second writer finished while the first still held the lock.");
            await using (var commit = holder.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync();
            }

            await waiting;
            Assert.Equal(before + 1, settings.BusyWaits);
            Assert.Equal(2, await app.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Probe").SingleAsync()));
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task A_commit_never_copies_the_log_into_the_database_file_itself()
    {
        // A threshold the writes below never reach: only SQLite's own automatic checkpoint (at 1,000 pages) could copy them.
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Database:Sqlite:CheckpointPages"] = "1000000" });
        try
        {
            var before = await PrepareProbeAsync(app);

            await WriteAsync(app, Pages);

            Assert.Equal(0, await app.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                return (await db.Database.SqlQueryRaw<int>("PRAGMA wal_autocheckpoint").ToListAsync()).Single();
            }));
            Assert.True(Grown(app, before) < Pages * PageBytes / 4, $"The database file grew by {Grown(app, before)} bytes: a commit checkpointed.");
            Assert.True(new FileInfo(app.Database.Path + "-wal").Length >= Pages * PageBytes, "The writes are not in the log.");
            Assert.Equal(0, Checkpointer(app).Completed);
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task The_background_checkpointer_copies_the_log_once_it_holds_the_threshold()
    {
        using var app = EagerCheckpointApp();
        try
        {
            var before = await PrepareProbeAsync(app);

            await WriteAsync(app, Pages);

            await Eventually.HoldsAsync(() => Grown(app, before) >= Pages * PageBytes, "The database file did not take in the log's pages.", CopyWithin);

            Assert.True(Checkpointer(app).Completed > 0);
            Assert.Equal(Pages, await app.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Probe").SingleAsync()));
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task A_log_a_reader_kept_from_the_file_is_copied_once_the_reader_is_done_without_another_commit()
    {
        using var app = EagerCheckpointApp();
        try
        {
            var before = await PrepareProbeAsync(app);
            await using var reader = Open(app, app.Services.GetRequiredService<SqliteConnectionSettings>());
            await using (var snapshot = reader.CreateCommand())
            {
                // A read transaction from before the writes: no checkpoint may copy past it while it lasts.
                snapshot.CommandText = "BEGIN; SELECT COUNT(*) FROM Probe;";
                await snapshot.ExecuteScalarAsync();
            }

            await WriteAsync(app, Pages);
            var checkpointer = Checkpointer(app);
            await Eventually.HoldsAsync(() => checkpointer.Completed > 0, "No checkpoint ran while the reader was open.", CopyWithin);
            Assert.True(Grown(app, before) < Pages * PageBytes / 4, "A checkpoint copied past the open reader.");
            await using (var end = reader.CreateCommand())
            {
                end.CommandText = "COMMIT";
                await end.ExecuteNonQueryAsync();
            }

            await Eventually.HoldsAsync(() => Grown(app, before) >= Pages * PageBytes, "The log was not copied after the reader ended.", CopyWithin);
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task Under_back_to_back_commits_a_checkpoint_makes_the_next_writer_start_the_log_over()
    {
        // The test runs one checkpoint itself, mid-load, with a log far past the length at which writers are held back for it.
        using var app = IdleCheckpointerApp(pages: 1);
        try
        {
            await PrepareProbeAsync(app);
            var commits = 0;
            var stopAt = int.MaxValue;

            // Writers that queue for each other: a commit lands while any copy runs, so a copy beside them never
            // leaves the log fully copied when the next writer begins, and the log would grow for as long as the load
            // lasts (every read then searching a longer log) unless the checkpoint's last copy holds them back.
            var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (Volatile.Read(ref commits) < Volatile.Read(ref stopAt))
                {
                    await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("INSERT INTO Probe (Data) VALUES (randomblob(3900))"));
                    Interlocked.Increment(ref commits);
                }
            })));
            int before;
            try
            {
                await Eventually.HoldsAsync(() => Volatile.Read(ref commits) >= 300, "The writers did not get going.", CopyWithin);
                before = Volatile.Read(ref commits);
                var (log, copied) = await Checkpointer(app).CheckpointOnceAsync(CancellationToken.None);
                Assert.Equal(log, copied);
            }
            finally
            {
                // Twenty more commits, about a page each, then stop.
                Volatile.Write(ref stopAt, Volatile.Read(ref commits) + 20);
                await writers;
            }

            // Each commit appended at least a page: a log shorter than the commits before the checkpoint has started over.
            var (pages, _) = await LogAsync(app);
            Assert.True(pages < before, $"The log holds {pages} pages after the checkpoint and twenty more commits, {before} commits having come before it: the writers went on appending to it.");
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task A_log_shorter_than_the_start_over_length_is_copied_without_waiting_for_a_write_in_progress()
    {
        using var app = IdleCheckpointerApp(pages: 1000);
        try
        {
            await PrepareProbeAsync(app);
            await WriteAsync(app, 300);
            await app.WithDbAsync(async db =>
            {
                // A write transaction holds the write gate: a copy that waited for it would wait the gate's timeout.
                await using var write = await db.Database.BeginTransactionAsync();
                var (log, copied) = await Checkpointer(app).CheckpointOnceAsync(CancellationToken.None)
                    .WaitAsync(SqliteConnectionSettings.Timeout / 2);

                Assert.InRange(log, 300, (1000 * SqliteCheckpointer.StartOverFactor) - 1);
                Assert.Equal(log, copied);
                return 0;
            });
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public void A_checkpoint_threshold_below_one_page_stops_the_start_with_its_name()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Database:Sqlite:CheckpointPages"] = "0" });
        try
        {
            var failure = Assert.ThrowsAny<Exception>(() => app.Services);
            Assert.Contains("Database:Sqlite:CheckpointPages must be at least 1", failure.ToString());
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    private const int Pages = 1200;
    private const int PageBytes = 4096;

    /// <summary>A checkpoint due every 50 pages, with no pause between checkpoints.</summary>
    private static TestApp EagerCheckpointApp() => new(settings: new Dictionary<string, string?>
    {
        ["Database:Sqlite:CheckpointPages"] = "50",
        ["Database:Sqlite:CheckpointInterval"] = "00:00:00",
    });

    /// <summary>A background checkpointer that runs at most once (for the probe table) and then waits out an hour's interval.</summary>
    private static TestApp IdleCheckpointerApp(int pages) => new(settings: new Dictionary<string, string?>
    {
        ["Database:Sqlite:CheckpointPages"] = pages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Database:Sqlite:CheckpointInterval"] = "01:00:00",
    });

    private static readonly TimeSpan CopyWithin = TimeSpan.FromSeconds(30);

    private static long Grown(TestApp app, long before) => new FileInfo(app.Database.Path).Length - before;

    private static SqliteCheckpointer Checkpointer(TestApp app) =>
        app.Services.GetServices<IHostedService>().OfType<SqliteCheckpointer>().Single();

    /// <summary>A table for the writes, and the database file's size once everything before them is copied into it.</summary>
    private static async Task<long> PrepareProbeAsync(TestApp app)
    {
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("CREATE TABLE Probe (Id INTEGER PRIMARY KEY, Data BLOB)"));
        await using var connection = Open(app, app.Services.GetRequiredService<SqliteConnectionSettings>());
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await checkpoint.ExecuteNonQueryAsync();
        return new FileInfo(app.Database.Path).Length;
    }

    /// <summary>About one page per row, in commits of a hundred rows, through the app's own connections.</summary>
    private static async Task WriteAsync(TestApp app, int rows)
    {
        for (var written = 0; written < rows; written += 100)
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100) INSERT INTO Probe (Data) SELECT randomblob(3900) FROM n"));
        }
    }

    /// <summary>The log's length in pages and how many of them are in the database file (a PASSIVE checkpoint's answer).</summary>
    private static async Task<(int Log, int Copied)> LogAsync(TestApp app)
    {
        await using var connection = Open(app, app.Services.GetRequiredService<SqliteConnectionSettings>());
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await checkpoint.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(1), reader.GetInt32(2));
    }

    private static SqliteConnection Open(TestApp app, SqliteConnectionSettings settings)
    {
        var connection = new SqliteConnection($"Data Source={app.Database.Path};Pooling=False");
        connection.Open();
        settings.Configure(connection);
        return connection;
    }
}
