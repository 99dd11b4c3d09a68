using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BlazorAuth.Bench.StockApp;

/// <summary>
/// Anchor A+: the durable writes BlazorAuth does per DingTalk sign-in, done the cheapest correct way on SQLite, so the
/// product can be compared with "the stock handler plus the same inserts". Per sign-in, in ONE write transaction:
/// a state-replay row (the primary key refuses a replayed state), an upsert of the user and of its DingTalk binding,
/// and a session row. WAL, synchronous=FULL (every commit is durable), one writer at a time through an in-process
/// gate (SQLite has one writer; queueing in-process avoids the driver's busy-retry sleeps).
/// </summary>
public sealed class DurableSignIns : IDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim writer = new(1, 1);

    public DurableSignIns(string path)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, null, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS state_replays (state_hash BLOB PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, union_id TEXT NOT NULL UNIQUE, nick TEXT, mobile TEXT, last_sign_in INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS bindings (provider TEXT NOT NULL, subject TEXT NOT NULL, user_id INTEGER NOT NULL REFERENCES users(id),
                PRIMARY KEY (provider, subject)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), created INTEGER NOT NULL,
                expires INTEGER NOT NULL) WITHOUT ROWID;
            """);
    }

    /// <summary>Records the sign-in; returns the new session's id, or null when the state was seen before.</summary>
    public async Task<string?> RecordAsync(string state, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var unionId = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("DingTalk gave no unionId");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sessionId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = Open();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var inserted = Execute(connection, tx, "INSERT OR IGNORE INTO state_replays (state_hash, seen_at) VALUES ($h, $now)",
                ("$h", SHA256.HashData(Encoding.UTF8.GetBytes(state))), ("$now", now));
            if (inserted == 0) return null;
            var userId = Scalar(connection, tx, """
                INSERT INTO users (union_id, nick, mobile, last_sign_in) VALUES ($u, $n, $m, $now)
                ON CONFLICT (union_id) DO UPDATE SET nick = excluded.nick, mobile = excluded.mobile, last_sign_in = excluded.last_sign_in
                RETURNING id
                """, ("$u", unionId), ("$n", principal.FindFirstValue(ClaimTypes.Name)), ("$m", principal.FindFirstValue(ClaimTypes.MobilePhone)), ("$now", now));
            Execute(connection, tx, "INSERT INTO bindings (provider, subject, user_id) VALUES ('dingtalk', $u, $id) ON CONFLICT DO NOTHING",
                ("$u", unionId), ("$id", userId));
            Execute(connection, tx, "INSERT INTO sessions (id, user_id, created, expires) VALUES ($s, $id, $now, $exp)",
                ("$s", sessionId), ("$id", userId), ("$now", now), ("$exp", now + 8 * 3600_000));
            await tx.CommitAsync(cancellationToken);
            return sessionId;
        }
        finally
        {
            writer.Release();
        }
    }

    public void Dispose() => writer.Dispose();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // Per connection: FULL makes every WAL commit durable (fsync), like a sign-in that must survive a crash.
        Execute(connection, null, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
        return connection;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters) =>
        Command(connection, tx, sql, parameters).ExecuteNonQuery();

    private static long Scalar(SqliteConnection connection, SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters) =>
        (long)Command(connection, tx, sql, parameters).ExecuteScalar()!;

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
