using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// SQLite's settings are part of the design: WAL, so readers and a writer do not wait for each other, and a busy
/// handler, so a writer waits for another instead of failing, and every such wait is counted.
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

    private static SqliteConnection Open(TestApp app, SqliteConnectionSettings settings)
    {
        var connection = new SqliteConnection($"Data Source={app.Database.Path};Pooling=False");
        connection.Open();
        settings.Configure(connection);
        return connection;
    }
}
