using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorAuth.Tests.PostgreSql;

/// <summary>No server needed: these fail the run when the model drifts from the PostgreSQL migrations.</summary>
public sealed class PostgreSqlModelTests
{
    internal static PostgreSqlAppDbContext Context(string connectionString = "Host=no-such-server.invalid;Database=blazorauth") =>
        PostgreSqlDesignTimeFactory.Create(connectionString);

    [Fact]
    public void PostgreSql_model_has_no_changes_without_a_migration()
    {
        using var db = Context();

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed; add a PostgreSql migration.");
    }

    [Fact]
    public void PostgreSql_idempotent_script_creates_every_table_and_the_case_insensitive_name_index()
    {
        using var db = Context();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE \"AspNetUsers\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE \"DataProtectionKeys\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE \"ConsumedStates\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX \"IX_AspNetUsers_NormalizedPhoneNumber\"", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX \"UserNameIndex\" ON \"AspNetUsers\" (\"NormalizedUserName\")", script, StringComparison.Ordinal);
        Assert.Contains("ON \"Authenticators\" (lower(\"Name\"))", script, StringComparison.Ordinal);
        Assert.DoesNotContain("COLLATE", script, StringComparison.OrdinalIgnoreCase);
    }
}
