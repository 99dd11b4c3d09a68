using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Foundation;

/// <summary>SQLite's settings are part of the design: WAL, so readers and a writer do not wait for each other, and a busy timeout.</summary>
public sealed class SqliteSettingsTests
{
    [Fact]
    public async Task The_database_runs_in_WAL_mode_and_every_connection_waits_for_a_writer_instead_of_failing()
    {
        var app = new TestApp();
        try
        {
            await AssertSettingsAsync(app);
        }
        finally
        {
            app.Dispose();
            app.Database.Dispose();
        }
    }

    private static async Task AssertSettingsAsync(TestApp app)
    {
        var (mode, timeout) = await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
            var busy = await db.Database.SqlQueryRaw<int>("PRAGMA busy_timeout").ToListAsync();
            return (journal.Single(), busy.Single());
        });

        Assert.Equal("wal", mode);
        Assert.Equal(10_000, timeout);
    }
}
