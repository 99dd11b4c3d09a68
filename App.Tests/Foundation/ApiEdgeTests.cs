using System.Net;
using System.Text;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;

namespace BlazorAuth.Tests.Foundation;

/// <summary>The edge of /api: only the app's own origin writes, bodies are bounded, and every error is problem details.</summary>
public sealed class ApiEdgeTests : IAsyncLifetime
{
    private readonly TestApp app = new();
    private ApiClient admin = null!;

    public async Task InitializeAsync() => admin = await ApiClient.SignInAsync(app);

    public Task DisposeAsync()
    {
        admin.Dispose();
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_cross_site_bodyless_lock_is_refused_and_the_user_stays_unlocked(string header, string value)
    {
        var id = await admin.AddUserAsync(Guid.NewGuid().ToString("N")[..10]);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/lock");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("Cross-site requests are refused: send this request from the app's own origin.", response.Detail);
        Assert.Null((await app.UserRowAsync(id)).LockedByAdminAt);
    }

    [Fact]
    public async Task A_same_origin_lock_from_the_console_goes_ahead()
    {
        var id = await admin.AddUserAsync(Guid.NewGuid().ToString("N")[..10]);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/lock");
        request.Headers.TryAddWithoutValidation("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull((await app.UserRowAsync(id)).LockedByAdminAt);
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api")]
    [InlineData("/api/users/some-id/no-such-action")]
    public async Task An_unknown_api_route_is_a_404_problem_not_the_html_page(string path)
    {
        var response = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(404, response.Json.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_wrong_method_on_an_api_route_is_a_405_problem()
    {
        var response = await admin.SendRawAsync(HttpMethod.Patch, "/api/plugins", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_64_KB_is_a_413_problem_and_creates_nothing(bool chunked)
    {
        var usersBefore = await app.WithDbAsync(db => Task.FromResult(db.Users.Count()));
        var json = "{\"displayName\":\"" + new string('x', 70_000) + "\",\"userName\":\"big\",\"password\":\"User!Pass12345\"}";
        HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            : new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("The request body is too large: at most 64 KB.", response.Detail);
        Assert.Equal(usersBefore, await app.WithDbAsync(db => Task.FromResult(db.Users.Count())));
    }

    [Fact]
    public async Task An_auth_uid_with_a_trailing_newline_is_refused()
    {
        var response = await admin.PostAsync("/api/authenticators", AuthenticatorTestData.Password("sneaky\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("name", out _), response.Text);
    }
}
