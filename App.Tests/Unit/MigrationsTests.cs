using BlazorAuth.Tests.Support;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorAuth.Tests.Unit;

/// <summary>
/// No server needed: these fail the run when the model drifts from a provider's migrations. The contexts are built with
/// the running app's services, because Identity sizes its key columns from the app's options: a context built without
/// them has another model, and a drift that would stop a fresh SQL Server at its first migration went unseen. EF caches
/// a model per internal service provider, which ignores the application services: without a provider of their own these
/// contexts would get the model of whichever plan-only context another test built first.
/// </summary>
public sealed class MigrationsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private SqlServerAppDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=no-such-server.invalid;Database=BlazorAuth;User Id=none;Password=none;TrustServerCertificate=True")
            .UseApplicationServiceProvider(shared.App.Services)
            .EnableServiceProviderCaching(false)
            .Options);

    private SqliteAppDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:")
            .UseApplicationServiceProvider(shared.App.Services).EnableServiceProviderCaching(false).Options);

    [Fact]
    public void SqlServer_model_has_no_changes_without_a_migration()
    {
        using var db = SqlServer();

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed; add a SqlServer migration.");
    }

    [Fact]
    public void Sqlite_model_has_no_changes_without_a_migration()
    {
        using var db = Sqlite();

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed; add a Sqlite migration.");
    }

    [Fact]
    public void Sqlite_model_has_no_decimal_column_because_its_connections_carry_no_decimal_functions()
    {
        using var db = Sqlite();

        var decimals = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => Nullable.GetUnderlyingType(p.ClrType) == typeof(decimal) || p.ClrType == typeof(decimal))
            .Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}");

        Assert.Empty(decimals);
    }

    [Fact]
    public void SqlServer_idempotent_script_is_generated()
    {
        using var db = SqlServer();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script, StringComparison.Ordinal);
        Assert.Contains("[DisplayName]", script, StringComparison.Ordinal);
    }
}
