using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Users;

public sealed class UsersAuthorizationTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string UserPassword = "User!Pass12345";

    private TestApp App => shared.App;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/users" },
        { "GET", "/api/users?search=a&page=1&pageSize=10" },
        { "GET", "/api/users/some-id" },
        { "DELETE", "/api/users/some-id/bindings/acme" },
        { "POST", "/api/users" },
        { "PUT", "/api/users/some-id" },
        { "POST", "/api/users/some-id/lock" },
        { "POST", "/api/users/some-id/unlock" },
        { "POST", "/api/users/some-id/reset-password" },
        { "DELETE", "/api/users/some-id" },
    };

    private async Task<BrowserClient> SignedInUserAsync()
    {
        var userName = "reader" + Guid.NewGuid().ToString("N")[..8];
        await App.CreateUserAsync(userName, UserPassword, "Rita Reader");
        var browser = App.CreateBrowser();
        using var response = await browser.SignInAsync(userName, UserPassword);
        Assert.True(browser.HasSessionCookie(), "The user could not sign in.");
        return browser;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_calls_get_a_401_problem(string method, string path)
    {
        using var browser = App.CreateBrowser();

        using var response = await browser.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Signed_in_non_admins_get_a_403_problem(string method, string path)
    {
        using var browser = await SignedInUserAsync();

        using var response = await browser.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_non_admins_writes_change_nothing()
    {
        var target = await App.CreateUserAsync("target" + Guid.NewGuid().ToString("N")[..8], UserPassword, "Tina Target");
        using var browser = await SignedInUserAsync();
        using var user = new ApiClient(browser);

        (await user.PostAsync("/api/users", new { displayName = "Sneaky", userName = "sneaky", password = UserPassword, roles = new[] { "Admin" } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        (await user.PutAsync($"/api/users/{target.Id}", new { displayName = "Changed" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await user.PostAsync($"/api/users/{target.Id}/lock", new { })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await user.PostAsync($"/api/users/{target.Id}/reset-password", new { })).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await user.DeleteAsync($"/api/users/{target.Id}")).ShouldBeProblem(HttpStatusCode.Forbidden);

        var row = await App.UserRowAsync(target.Id);
        Assert.Equal("Tina Target", row.DisplayName);
        Assert.Null(row.LockoutEnd);
        Assert.False(row.MustChangePassword);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "sneaky")));
    }

    [Fact]
    public async Task The_users_page_sends_anonymous_visitors_to_sign_in_and_refuses_non_admins()
    {
        using var anonymous = App.CreateBrowser();
        using var user = await SignedInUserAsync();

        using var toSignIn = await anonymous.GetAsync("/admin/users");
        using var denied = await user.GetAsync("/admin/users");

        Assert.Equal("/signin?returnUrl=%2Fadmin%2Fusers", toSignIn.RedirectTarget());
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task Admins_open_the_users_page()
    {
        using var admin = App.CreateBrowser();
        await admin.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        var (status, html) = await admin.GetPageAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<title>Users - BlazorAuth</title>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"users-search\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"users\"", html, StringComparison.Ordinal);
    }
}
