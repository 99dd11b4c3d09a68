using BlazorAuth.Features.Authenticators;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace BlazorAuth.Tests.PostgreSql;

/// <summary>What only a real PostgreSQL server can show about the schema.</summary>
[Trait("Database", "PostgreSql")]
public sealed class PostgreSqlServerTests : IDisposable
{
    private readonly string server = TestDatabase.PostgresServer ?? "Host=unset";
    private readonly string name = "script_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        if (TestDatabase.PostgresServer is not null)
        {
            Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    [PostgreSqlFact]
    public async Task The_idempotent_script_builds_an_empty_database_and_is_harmless_when_run_again()
    {
        Admin($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
        string script;
        using (var model = PostgreSqlModelTests.Context(connectionString))
        {
            script = model.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        }

        await RunAsync(connectionString, script);
        await RunAsync(connectionString, script);

        await using var db = PostgreSqlModelTests.Context(connectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [PostgreSqlFact]
    public async Task The_app_builds_its_schema_in_an_empty_database_on_first_start_and_reports_ready()
    {
        Admin($"CREATE DATABASE \"{name}\"");
        using var database = new TestDatabase();
        using var app = new TestApp(database, settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString,
        });
        using var browser = app.CreateBrowser();

        using var ready = await browser.GetAsync("/healthz/ready");

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword)).Dispose();
        Assert.True(browser.HasSessionCookie());
    }

    [PostgreSqlFact]
    public async Task Two_authenticator_names_that_differ_only_in_case_are_refused_by_the_database_itself()
    {
        using var database = new TestDatabase();
        await using (var first = PostgreSqlModelTests.Context(database.ConnectionString))
        {
            first.Authenticators.Add(NewAuthenticator("Corp-DingTalk"));
            await first.SaveChangesAsync();
        }

        await using var second = PostgreSqlModelTests.Context(database.ConnectionString);
        second.Authenticators.Add(NewAuthenticator("corp-dingtalk"));

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(refused.InnerException).SqlState);
    }

    private static Authenticator NewAuthenticator(string name) => new()
    {
        Name = name,
        Type = "dingtalk",
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };

    private static async Task RunAsync(string connectionString, string script)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(script, connection);
        await command.ExecuteNonQueryAsync();
    }

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
