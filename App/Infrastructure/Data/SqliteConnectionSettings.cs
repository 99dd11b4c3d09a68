using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// How every SQLite connection waits for another writer. Without a busy timeout SQLite answers SQLITE_BUSY at once and
/// Microsoft.Data.Sqlite sleeps 150 ms before it tries again, which is what made a sign-in's p90 jump to ~160 ms under
/// load. With one, SQLite itself waits in short, growing steps (1 ms, 2 ms, 5 ms … 100 ms) for at most <see cref="Timeout"/>.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    private static void Configure(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            raw.sqlite3_busy_timeout(handle, (int)Timeout.TotalMilliseconds);
        }
    }
}
