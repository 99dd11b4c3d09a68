using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Users;

/// <summary>The list must stay fast with 100,000 users: every search predicate has to seek an index, never scan the table.</summary>
public sealed class UserSearchPlanTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private static readonly ILookupNormalizer Normalizer = new UpperInvariantLookupNormalizer();

    private Task<List<string>> PlanAsync(Func<AppDbContext, IQueryable<AppUser>> query) =>
        shared.App.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = query(db).Select(u => u.Id).CreateDbCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var plan = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }

            return plan;
        });

    [Theory]
    [InlineData("alice", "IX_AspNetUsers_DisplayName")]
    [InlineData("alice.1@corp", "EmailIndex")]
    [InlineData("u24", "UserNameIndex")]
    [InlineData("138 0000 012", "IX_AspNetUsers_NormalizedPhoneNumber")]
    [InlineData("王", "IX_AspNetUsers_DisplayName")]
    [InlineData("50%_off[*]", "EmailIndex")]
    public async Task On_SQLite_every_search_predicate_seeks_an_index(string search, string index)
    {
        var plan = await PlanAsync(db => UserDirectory.Search(db, search, Normalizer).OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Skip(40).Take(20));

        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_SQLite_the_unfiltered_list_walks_the_CreatedAt_index()
    {
        var plan = await PlanAsync(db => UserDirectory.Search(db, null, Normalizer).OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Skip(40).Take(20));

        Assert.Contains(plan, step => step.Contains("INDEX IX_AspNetUsers_CreatedAt_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(UserSeek.After)]
    [InlineData(UserSeek.Before)]
    public async Task On_SQLite_next_and_previous_seek_the_list_index_from_the_cursor_without_sorting(UserSeek seek)
    {
        var cursor = new UserCursor(new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), "some-id");

        var plan = await PlanAsync(db => UserKeyset.Seek(UserDirectory.Search(db, null, Normalizer), cursor, seek).Take(21));

        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains("IX_AspNetUsers_CreatedAt_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public void On_SQL_Server_every_search_predicate_is_a_prefix_LIKE()
    {
        using var db = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=(plan-only);Database=BlazorAuth").Options);

        var sql = UserDirectory.Search(db, "+86 138", Normalizer).ToQueryString();

        foreach (var column in new[] { "DisplayName", "NormalizedUserName", "NormalizedEmail", "NormalizedPhoneNumber" })
        {
            Assert.Matches($@"\[a\]\.\[{column}\] LIKE @\w+ ESCAPE", sql);
        }

        Assert.Contains("N'+86138%'", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("N'%", sql, StringComparison.Ordinal);
    }
}
