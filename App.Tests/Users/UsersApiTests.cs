using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Users;

/// <summary>250 seeded users plus the admin, two DingTalk authenticators and a few bindings; the tests only read.</summary>
public sealed class UsersDirectoryFixture : IAsyncLifetime
{
    public const int Seeded = 250;

    public TestApp App { get; } = new();

    public BrowserClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.SeedDirectoryAsync(Seeded);
        await App.AddDingTalkAuthenticatorAsync("acme", "Acme DingTalk");
        await App.AddDingTalkAuthenticatorAsync("untitled", null);
        var u000 = await IdOfAsync("u000");
        await App.BindAsync(u000, "acme", "union-000", "Alice on DingTalk");
        await App.BindAsync(u000, "untitled", "union-000b");
        await App.BindAsync(await IdOfAsync("u001"), "acme", "union-001");
        Admin = await App.SignedInAdminAsync();
    }

    public Task<string> IdOfAsync(string userName) =>
        App.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class UsersApiTests(UsersDirectoryFixture fixture) : IClassFixture<UsersDirectoryFixture>
{
    private BrowserClient Admin => fixture.Admin;

    private async Task<JsonElement> SearchAsync(string search, int pageSize = 100) =>
        await Admin.GetJsonAsync($"/api/users?search={Uri.EscapeDataString(search)}&pageSize={pageSize}");

    [Fact]
    public async Task Pages_cover_every_user_once_newest_first()
    {
        var total = await fixture.App.WithDbAsync(db => db.Users.CountAsync());
        Assert.Equal(UsersDirectoryFixture.Seeded + 1, total);

        var ids = new List<string>();
        var created = new List<DateTime>();
        for (var page = 1; page <= 3; page++)
        {
            var json = await Admin.GetJsonAsync($"/api/users?page={page}&pageSize=100");
            Assert.Equal(total, json.GetProperty("total").GetInt32());
            Assert.Equal(page, json.GetProperty("page").GetInt32());
            Assert.Equal(100, json.GetProperty("pageSize").GetInt32());
            var items = json.GetProperty("items");
            Assert.Equal(page < 3 ? 100 : total - 200, items.GetArrayLength());
            ids.AddRange(items.Strings("id"));
            created.AddRange(items.EnumerateArray().Select(i => i.GetProperty("createdAt").GetDateTime()));
        }

        Assert.Equal(total, ids.Distinct().Count());
        Assert.Equal(created.OrderByDescending(c => c), created);
        Assert.All(created, c => Assert.Equal(DateTimeKind.Utc, c.Kind));

        var beyond = await Admin.GetJsonAsync("/api/users?page=4&pageSize=100");
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        Assert.Equal(total, beyond.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Without_paging_parameters_the_first_twenty_newest_users_come_back()
    {
        var json = await Admin.GetJsonAsync("/api/users");

        Assert.Equal(1, json.GetProperty("page").GetInt32());
        Assert.Equal(20, json.GetProperty("pageSize").GetInt32());
        var items = json.GetProperty("items");
        Assert.Equal(20, items.GetArrayLength());
        // The admin was seeded at start-up, after the 2025 test users; then u249, u248, ...
        Assert.Equal(["admin@test.local", "u249", "u248"], items.Strings("userName").Take(3));
    }

    [Fact]
    public async Task A_row_carries_name_contact_roles_created_lockout_and_authenticators()
    {
        var json = await SearchAsync("u000");

        var user = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.Equal("Alice Tester000", user.GetProperty("displayName").GetString());
        Assert.Equal("u000", user.GetProperty("userName").GetString());
        Assert.Equal("alice.000@corp.example", user.GetProperty("email").GetString());
        Assert.Equal("138-0000-0000", user.GetProperty("phoneNumber").GetString());
        Assert.Equal(0, user.GetProperty("roles").GetArrayLength());
        Assert.Equal(UserTestData.SeedStart, user.GetProperty("createdAt").GetDateTime());
        Assert.False(user.GetProperty("lockedOut").GetBoolean());
        var authenticators = user.GetProperty("authenticators");
        Assert.Equal(["acme", "untitled"], authenticators.Strings("name"));
        // An authenticator without a title shows its type's title, as the sign-in button does.
        Assert.Equal(["Acme DingTalk", "DingTalk"], authenticators.Strings("title"));
        Assert.Equal(["dingtalk", "dingtalk"], authenticators.Strings("type"));
    }

    [Fact]
    public async Task The_admin_row_lists_the_Admin_role()
    {
        var json = await SearchAsync(TestApp.AdminEmail);

        var admin = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.Equal(["Admin"], admin.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("ali")]
    [InlineData("Ali")]
    [InlineData("ALI")]
    [InlineData("alice tester")]
    public async Task Search_by_the_start_of_the_display_name_ignores_case(string search)
    {
        var json = await SearchAsync(search);

        Assert.Equal(25, json.GetProperty("total").GetInt32());
        Assert.All(json.GetProperty("items").Strings("displayName"), n => Assert.StartsWith("Alice Tester", n, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alice.1")]
    [InlineData("ALICE.1")]
    public async Task Search_by_the_start_of_the_email(string search)
    {
        var json = await SearchAsync(search);

        Assert.Equal(
            ["alice.190@corp.example", "alice.180@corp.example", "alice.170@corp.example", "alice.160@corp.example", "alice.150@corp.example",
             "alice.140@corp.example", "alice.130@corp.example", "alice.120@corp.example", "alice.110@corp.example", "alice.100@corp.example"],
            json.GetProperty("items").Strings("email"));
    }

    [Fact]
    public async Task Search_by_the_start_of_the_user_name()
    {
        var json = await SearchAsync("U24");

        Assert.Equal(10, json.GetProperty("total").GetInt32());
        Assert.All(json.GetProperty("items").Strings("userName"), n => Assert.StartsWith("u24", n, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("138 0000 0123")]
    [InlineData("+86 138-0000-0123")]
    [InlineData("0086 13800000123")]
    [InlineData("(138) 0000.0123")]
    public async Task Search_by_phone_number_in_another_format(string search)
    {
        var json = await SearchAsync(search);

        var user = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.Equal("u123", user.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Search_by_the_start_of_a_phone_number()
    {
        var json = await SearchAsync("138-0000-012");

        Assert.Equal(10, json.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("lice")]
    [InlineData("corp.example")]
    [InlineData("nobody")]
    public async Task Search_matches_only_the_start_of_a_value(string search)
    {
        var json = await SearchAsync(search);

        Assert.Equal(0, json.GetProperty("total").GetInt32());
        Assert.Equal(0, json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Search_results_are_paged_too()
    {
        var first = await Admin.GetJsonAsync("/api/users?search=ali&page=1&pageSize=10");
        var third = await Admin.GetJsonAsync("/api/users?search=ali&page=3&pageSize=10");

        Assert.Equal(25, first.GetProperty("total").GetInt32());
        Assert.Equal(10, first.GetProperty("items").GetArrayLength());
        Assert.Equal(["Alice Tester040", "Alice Tester030", "Alice Tester020", "Alice Tester010", "Alice Tester000"],
            third.GetProperty("items").Strings("displayName"));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    public async Task Bad_paging_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        using var response = await Admin.Http.GetAsync("/api/users?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        var messages = errors.GetProperty(parameter);
        Assert.Contains(parameter, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Single(errors.EnumerateObject());
    }

    [Fact]
    public async Task An_overlong_search_is_a_400_problem()
    {
        using var response = await Admin.Http.GetAsync("/api/users?search=" + new string('a', 257));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("search", out _));
    }

    [Fact]
    public async Task Details_list_the_bindings_with_nick_avatar_unionId_and_sign_in_times()
    {
        var id = await fixture.IdOfAsync("u000");

        var user = await Admin.GetJsonAsync($"/api/users/{id}");

        Assert.Equal(id, user.GetProperty("id").GetString());
        Assert.Equal("Alice Tester000", user.GetProperty("displayName").GetString());
        Assert.False(user.GetProperty("hasPassword").GetBoolean());
        var bindings = user.GetProperty("bindings");
        Assert.Equal(2, bindings.GetArrayLength());
        var acme = bindings[0];
        Assert.Equal("acme", acme.GetProperty("authenticator").GetString());
        Assert.Equal("Acme DingTalk", acme.GetProperty("authenticatorTitle").GetString());
        Assert.Equal("dingtalk", acme.GetProperty("authenticatorType").GetString());
        Assert.Equal("Alice on DingTalk", acme.GetProperty("nick").GetString());
        Assert.Equal("https://static.example/union-000.png", acme.GetProperty("avatarUrl").GetString());
        Assert.Equal("union-000", acme.GetProperty("unionId").GetString());
        Assert.Equal(new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc), acme.GetProperty("firstSignInAt").GetDateTime());
        Assert.Equal(new DateTime(2025, 3, 2, 9, 30, 0, DateTimeKind.Utc), acme.GetProperty("lastSignInAt").GetDateTime());
        Assert.Equal("DingTalk", bindings[1].GetProperty("authenticatorTitle").GetString());
    }

    [Fact]
    public async Task Details_of_the_admin_say_they_have_a_password_and_no_binding()
    {
        var id = await fixture.App.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.AdminEmail).Select(u => u.Id).SingleAsync());

        var user = await Admin.GetJsonAsync($"/api/users/{id}");

        Assert.True(user.GetProperty("hasPassword").GetBoolean());
        Assert.Equal(0, user.GetProperty("bindings").GetArrayLength());
    }

    [Fact]
    public async Task Details_of_an_unknown_user_are_a_404_problem()
    {
        using var response = await Admin.Http.GetAsync("/api/users/no-such-user");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("This user no longer exists.", problem.GetProperty("detail").GetString());
    }
}
