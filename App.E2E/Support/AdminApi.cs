using System.Net;
using System.Net.Http.Json;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.E2E.Support;

/// <summary>
/// The admin HTTP API, called with the administrator's sign-in cookie: the quick way to set up what a journey
/// needs when the journey itself is about something else (the console's own journeys use the UI).
/// </summary>
public sealed class AdminApi : IDisposable
{
    private readonly BrowserClient client;

    private AdminApi(BrowserClient client) => this.client = client;

    /// <summary>Signs the seeded administrator in through the real /signin form and keeps the cookie.</summary>
    public static async Task<AdminApi> SignInAsync(TestApp app)
    {
        var client = app.CreateBrowser();
        using var response = await client.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        var target = response.Headers.Location is { } location ? new Uri(app.BaseAddress, location).AbsolutePath : null;
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && target == "/admin",
            $"The administrator could not sign in for the API: {(int)response.StatusCode} to {response.Headers.Location}.");
        return new AdminApi(client);
    }

    public async Task ActivatePluginAsync(string plugin)
    {
        using var response = await client.Http.PutAsJsonAsync($"/api/plugins/{plugin}", new { enabled = true });
        await EnsureSucceededAsync(response, $"activate plugin {plugin}");
    }

    public async Task CreateDingTalkAuthenticatorAsync(string name, string? title, bool autoSignup)
    {
        using var response = await client.Http.PostAsJsonAsync("/api/authenticators", new
        {
            name,
            type = "dingtalk",
            title,
            description = "Created by an end-to-end test.",
            enabled = true,
            options = new
            {
                clientId = DingTalkAppFixture.ClientId,
                clientSecret = DingTalkAppFixture.ClientSecret,
                autoSignup,
            },
        });
        await EnsureSucceededAsync(response, $"create DingTalk authenticator {name}");
    }

    /// <summary>Creates a user as an administrator does before people first sign in: a generated password, and their phone.</summary>
    public async Task<string> CreateUserWithGeneratedPasswordAsync(string userName, string displayName, string phoneNumber)
    {
        using var response = await client.Http.PostAsJsonAsync("/api/users", new
        {
            displayName,
            userName,
            phoneNumber,
            roles = Array.Empty<string>(),
            generatePassword = true,
        });
        await EnsureSucceededAsync(response, $"create user {userName}");
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("generatedPassword").GetString()!;
    }

    public void Dispose() => client.Dispose();

    private static async Task EnsureSucceededAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"The admin API could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
