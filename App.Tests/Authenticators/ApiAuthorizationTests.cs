using System.Net;
using System.Net.Http.Json;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Authenticators;

public sealed class ApiAuthorizationTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string UserPassword = "User!Pass12345";

    private TestApp App => shared.App;

    public static TheoryData<string, string, string?> Endpoints => new()
    {
        { "GET", "/api/plugins", null },
        { "PUT", "/api/plugins/auth-dingtalk", "{\"enabled\":true}" },
        { "GET", "/api/authenticators", null },
        { "POST", "/api/authenticators", "{\"name\":\"intruder\",\"type\":\"password\",\"enabled\":true}" },
        { "GET", "/api/authenticators/basic", null },
        { "PUT", "/api/authenticators/basic", "{\"name\":\"basic\",\"type\":\"password\",\"title\":\"Hijacked\",\"enabled\":true}" },
        { "DELETE", "/api/authenticators/basic", null },
        { "POST", "/api/authenticators/basic/move", "{\"after\":\"basic\"}" },
    };

    private static HttpRequestMessage Request(string method, string path, string? body) => new(new HttpMethod(method), path)
    {
        Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_caller_gets_a_401_problem_not_a_redirect(string method, string path, string? body)
    {
        using var anonymous = ApiClient.Anonymous(App);

        var response = await anonymous.SendAsync(Request(method, path, body));

        response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        await NothingChangedAsync();
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Signed_in_non_admin_gets_a_403_problem_not_a_redirect(string method, string path, string? body)
    {
        var userName = $"user{Guid.NewGuid():N}"[..20];
        await App.CreateUserAsync(userName, UserPassword);
        using var user = await ApiClient.SignInAsync(App, userName, UserPassword);

        var response = await user.SendAsync(Request(method, path, body));

        response.ShouldBeProblem(HttpStatusCode.Forbidden);
        await NothingChangedAsync();
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Admin_cookie_reaches_every_endpoint(string method, string path, string? body)
    {
        using var admin = await ApiClient.SignInAsync(App);

        var response = await admin.SendAsync(Request(method, path, body));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.Status);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.Status);
        Assert.True((int)response.Status is < 300 or (>= 400 and < 500), $"{(int)response.Status}: {response.Text}");
        if (method == "POST" && path == "/api/authenticators")
        {
            (await admin.DeleteAsync("/api/authenticators/intruder")).ShouldBe(HttpStatusCode.NoContent);
        }

        if (path == "/api/plugins/auth-dingtalk")
        {
            (await admin.PutAsync(path, new { enabled = false })).ShouldBe(HttpStatusCode.OK);
        }

        if (method == "PUT" && path == "/api/authenticators/basic")
        {
            (await admin.PutAsync(path, new { name = "basic", type = "password", enabled = true })).ShouldBe(HttpStatusCode.OK);
        }
    }

    private async Task NothingChangedAsync()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var basic = (await admin.GetAsync("/api/authenticators/basic")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(basic.GetProperty("enabled").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, basic.GetProperty("title").ValueKind);
        Assert.Equal(["basic"], await admin.NamesAsync());
        var plugins = await admin.Browser.Http.GetFromJsonAsync<List<PluginState>>("/api/plugins");
        Assert.False(plugins!.Single(p => p.Name == "auth-dingtalk").Enabled);
    }

    private sealed record PluginState(string Name, bool Enabled);
}
