namespace BlazorAuth.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Operators who migrate by script turn this off.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public SqliteOptions Sqlite { get; set; } = new();
}

/// <summary>When the background checkpointer copies SQLite's write-ahead log into the database file.</summary>
public sealed class SqliteOptions
{
    /// <summary>A checkpoint is due once the log holds this many pages (SQLite's own automatic threshold).</summary>
    public int CheckpointPages { get; set; } = 1000;

    /// <summary>
    /// The least time between two checkpoints: pages that many commits change (index roots, the tables' last pages) are
    /// then copied once for all of them, not once per threshold's worth of log.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);
}
