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
}
