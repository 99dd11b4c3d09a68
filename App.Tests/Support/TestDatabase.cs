using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// A real database of the test's own, deleted with the test: a SQLite file in a folder of its own, or, when
/// <c>BLAZORAUTH_TEST_POSTGRES</c> holds a connection string to a PostgreSQL server (test.sh starts a private one),
/// a PostgreSQL database copied from a migrated template. <see cref="Folder"/> exists in both cases.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "BLAZORAUTH_TEST_POSTGRES";

    public TestDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "blazorauth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "app.db");
        if (PostgresServer is { } server)
        {
            PostgreSqlName = "t_" + Guid.NewGuid().ToString("N");
            PostgresTemplate.CreateDatabase(server, PostgreSqlName);
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = PostgreSqlName }.ConnectionString;
        }
        else
        {
            ConnectionString = $"Data Source={Path}";
        }
    }

    /// <summary>The server the tests run on instead of SQLite, or null.</summary>
    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public string Folder { get; }

    /// <summary>The SQLite file; unused when the tests run on PostgreSQL.</summary>
    public string Path { get; }

    /// <summary>The database's name on the PostgreSQL server, or null on SQLite.</summary>
    public string? PostgreSqlName { get; }

    public bool IsPostgreSql => PostgreSqlName is not null;

    /// <summary>The value of <c>Database:Provider</c>.</summary>
    public string Provider => IsPostgreSql ? "PostgreSql" : "Sqlite";

    public string ConnectionString { get; }

    /// <summary>
    /// Closes the pooled connections to this database only. Not ClearAllPools: test classes run side by side, and
    /// clearing every pool closed another app's connections mid-test, whose writers then paid for opening new ones (the
    /// busy wait SqliteWriteGateTests kept finding in full runs).
    /// </summary>
    public void ClearSqlitePool()
    {
        if (PostgreSqlName is null)
        {
            // The app opens with the builder's form of the string, which is the pool's key.
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).ConnectionString);
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }
    }

    public void Dispose()
    {
        if (PostgreSqlName is not null)
        {
            using (var connection = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            PostgresTemplate.DropDatabase(PostgresServer!, PostgreSqlName);
        }

        ClearSqlitePool();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// One migrated database per test process; each test's database is a copy of it (CREATE DATABASE … TEMPLATE),
/// which takes milliseconds where migrating takes seconds.
/// </summary>
internal static class PostgresTemplate
{
    private static readonly Lock Gate = new();
    private static string? template;

    public static void CreateDatabase(string server, string name)
    {
        var source = EnsureTemplate(server);
        Execute(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{source}\"");
    }

    public static void DropDatabase(string server, string name) =>
        Execute(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    private static string EnsureTemplate(string server)
    {
        lock (Gate)
        {
            if (template is not null)
            {
                return template;
            }

            var name = $"template_{Environment.ProcessId}_{Guid.NewGuid():N}";
            Execute(server, $"CREATE DATABASE \"{name}\"");
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
            using (var db = PostgreSqlDesignTimeFactory.Create(connectionString))
            {
                db.Database.Migrate();
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropDatabase(server, name);
            return template = name;
        }
    }

    private static void Execute(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
