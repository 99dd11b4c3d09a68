using BlazorAuth.Features.Audit;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Unit;

/// <summary>
/// The session commit's statements are built from the model with each provider's quoting. SQLite and PostgreSQL run
/// them in the other tests; SQL Server, which cannot run here, is checked by its text.
/// </summary>
public sealed class RowWriterSqlTests
{
    [Fact]
    public void SqlServer_insert_quotes_with_brackets_and_names_every_column()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.Equal("INSERT INTO [ConsumedStates] ([Key], [ExpiresAt]) VALUES (@p0, @p1)", RowWriter.InsertSql(db, typeof(ConsumedState)));
        var session = RowWriter.InsertSql(db, typeof(UserSession));
        Assert.StartsWith("INSERT INTO [Sessions] ([Id], ", session, StringComparison.Ordinal);
        Assert.Equal(db.Model.FindEntityType(typeof(UserSession))!.GetProperties().Count(), session.Split("@p").Length - 1);
    }

    [Fact]
    public void PostgreSql_insert_quotes_with_double_quotes()
    {
        using var db = PostgreSqlDesignTimeFactory.Create("Host=no-such-server.invalid;Database=none");

        Assert.Equal("""INSERT INTO "ConsumedStates" ("Key", "ExpiresAt") VALUES (@p0, @p1)""", RowWriter.InsertSql(db, typeof(ConsumedState)));
    }

    [Fact]
    public void A_key_the_database_numbers_is_left_to_it()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        var insert = RowWriter.InsertSql(db, typeof(AuditEvent));
        Assert.StartsWith("INSERT INTO [AuditEvents] ([ActorId], [At], ", insert, StringComparison.Ordinal);
        Assert.DoesNotContain("[Id]", insert, StringComparison.Ordinal);
        Assert.Equal(db.Model.FindEntityType(typeof(AuditEvent))!.GetProperties().Count() - 1, insert.Split("@p").Length - 1);
    }
}
