using System.Net;
using System.Text.Json;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Users;

/// <summary>"Next" and "previous" by cursor: every user exactly once, in the list's order, also where creation times tie.</summary>
public sealed class UserKeysetPagingTests : IAsyncLifetime
{
    private readonly TestApp app = new();
    private BrowserClient admin = null!;

    public async Task InitializeAsync()
    {
        await app.SeedDirectoryAsync(9);
        // Three users created at the same instant: their order is decided by id, and no page boundary may lose one.
        await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "u003" || u.UserName == "u004" || u.UserName == "u005")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.CreatedAt, UserTestData.SeedStart.AddMinutes(4))));
        admin = await app.SignedInAdminAsync();
    }

    [Fact]
    public async Task Next_walks_every_user_once_in_order_and_previous_walks_back_over_the_same_pages()
    {
        var expected = await app.WithDbAsync(db => db.Users.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Select(u => u.Id).ToListAsync());

        var forward = new List<List<string>>();
        var page = await admin.GetJsonAsync("/api/users?pageSize=3");
        Assert.Equal(JsonValueKind.Null, page.GetProperty("previous").ValueKind);
        while (true)
        {
            forward.Add([.. page.GetProperty("items").Strings("id")]);
            Assert.Equal(expected.Count, page.GetProperty("total").GetInt32());
            if (page.GetProperty("next").GetString() is not { } next)
            {
                break;
            }

            page = await admin.GetJsonAsync($"/api/users?pageSize=3&after={next}");
        }

        Assert.Equal(expected, forward.SelectMany(p => p));
        Assert.Equal(4, forward.Count);

        var backward = new List<List<string>> { forward[^1] };
        while (page.GetProperty("previous").GetString() is { } previous)
        {
            page = await admin.GetJsonAsync($"/api/users?pageSize=3&before={previous}");
            backward.Insert(0, [.. page.GetProperty("items").Strings("id")]);
        }

        Assert.Equal(forward, backward);
    }

    [Theory]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("before=%E2%9C%93", "before")]
    [InlineData("after=MTIz", "after")]
    [InlineData("after=LTEuaWQ", "after")]
    public async Task A_cursor_this_list_did_not_hand_out_is_a_400_naming_it(string query, string parameter)
    {
        using var response = await admin.GetAsync($"/api/users?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task After_and_before_together_are_refused()
    {
        var cursor = new UserCursor(DateTime.UtcNow, "x").Encode();

        using var response = await admin.GetAsync($"/api/users?after={cursor}&before={cursor}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public Task DisposeAsync()
    {
        admin.Dispose();
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }
}
