using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BlazorAuth.Tests.Support;

/// <summary>A JSON API caller that authenticates with a session cookie, as an admin's script would after signing in.</summary>
public sealed class ApiClient(BrowserClient browser) : IDisposable
{
    public BrowserClient Browser => browser;

    public static async Task<ApiClient> SignInAsync(TestApp app, string login = TestApp.AdminEmail, string password = TestApp.AdminPassword)
    {
        var browser = app.CreateBrowser();
        using var response = await browser.SignInAsync(login, password);
        Assert.True(browser.HasSessionCookie(), $"{login} could not sign in.");
        return new ApiClient(browser);
    }

    public static ApiClient Anonymous(TestApp app) => new(app.CreateBrowser());

    public Task<ApiResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, path));

    public Task<ApiResponse> PostAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });

    public Task<ApiResponse> PutAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) });

    /// <summary>Sends <paramref name="content"/> exactly as given, for malformed JSON and other media types.</summary>
    public Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string content, string mediaType = "application/json") =>
        SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(content, Encoding.UTF8, mediaType) });

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await browser.Http.SendAsync(request);
            return new ApiResponse(
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync(),
                response.Headers.Location);
        }
    }

    public void Dispose() => browser.Dispose();
}

public sealed record ApiResponse(HttpStatusCode Status, string? MediaType, string Text, Uri? Location)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;

    public string? Detail => Json.TryGetProperty("detail", out var detail) ? detail.GetString() : null;

    /// <summary>The problem's <c>errors</c>, field by field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors =>
        Json.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray())
            : new Dictionary<string, string[]>();

    public ApiResponse ShouldBe(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status} but got {(int)Status}: {Text}");
        return this;
    }

    /// <summary>Asserts an RFC 7807 problem with <paramref name="status"/>, and no redirect.</summary>
    public ApiResponse ShouldBeProblem(HttpStatusCode status)
    {
        ShouldBe(status);
        Assert.Equal("application/problem+json", MediaType);
        Assert.Null(Location);
        Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
        return this;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name <paramref name="field"/> with <paramref name="message"/>.</summary>
    public ApiResponse ShouldReject(string field, string? message = null)
    {
        ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.True(Errors.ContainsKey(field), $"Expected an error for '{field}' but got: {Text}");
        if (message is not null)
        {
            Assert.Contains(message, Errors[field]);
        }

        return this;
    }
}
