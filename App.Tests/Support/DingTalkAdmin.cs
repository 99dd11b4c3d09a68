using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlazorAuth.Features.DingTalk;

namespace BlazorAuth.Tests.Support;

/// <summary>A DingTalk authenticator as the admin API answers it (the secret is never in it).</summary>
public sealed record DingTalkAuthenticatorView(string Name, bool Enabled, string? ClientId, bool AutoSignup, string? RedirectUrl, IReadOnlyList<string> SecretsSet, JsonObject Options)
{
    public static DingTalkAuthenticatorView From(JsonObject json)
    {
        var options = json["options"]?.AsObject() ?? [];
        return new DingTalkAuthenticatorView(
            json["name"]!.GetValue<string>(),
            json["enabled"]!.GetValue<bool>(),
            options["clientId"]?.GetValue<string>(),
            options["autoSignup"]?.GetValue<bool>() ?? false,
            json["redirectUrl"]?.GetValue<string>(),
            [.. json["secretsSet"]!.AsArray().Select(s => s!.GetValue<string>())],
            options);
    }
}

/// <summary>The admin, signed in, setting DingTalk up through the admin API the way the console does.</summary>
public sealed class DingTalkAdmin(BrowserClient browser) : IDisposable
{
    public BrowserClient Browser => browser;

    public static async Task<DingTalkAdmin> SignInAsync(TestApp app)
    {
        var browser = app.CreateBrowser();
        using var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        Assert.True(browser.HasSessionCookie(), "The admin could not sign in.");
        return new DingTalkAdmin(browser);
    }

    public async Task SetPluginActiveAsync(bool active)
    {
        using var response = await browser.Http.PutAsJsonAsync($"/api/plugins/{DingTalkPlugin.PluginName}", new { enabled = active });
        await SucceededAsync(response);
    }

    public async Task<DingTalkAuthenticatorView> AddAuthenticatorAsync(
        string name, bool autoSignup = true, bool enabled = true, string clientId = DingTalkApp.ClientId, string clientSecret = DingTalkApp.ClientSecret, string? title = null,
        JsonObject? settings = null)
    {
        var options = new JsonObject { ["clientId"] = clientId, ["clientSecret"] = clientSecret, ["autoSignup"] = autoSignup };
        foreach (var (key, value) in settings ?? [])
        {
            options[key] = value?.DeepClone();
        }

        using var response = await browser.Http.PostAsJsonAsync("/api/authenticators", new
        {
            name,
            type = DingTalkPlugin.TypeName,
            title,
            enabled,
            options,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return DingTalkAuthenticatorView.From((await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    public async Task<DingTalkAuthenticatorView> GetAuthenticatorAsync(string name)
    {
        using var response = await browser.GetAsync($"/api/authenticators/{Uri.EscapeDataString(name)}");
        await SucceededAsync(response);
        return DingTalkAuthenticatorView.From((await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    /// <summary>Saves the authenticator with the given changes; what is not given stays as it is, the secret included.</summary>
    public async Task<DingTalkAuthenticatorView> EditAuthenticatorAsync(string name, bool? enabled = null, string? clientSecret = null, bool? autoSignup = null)
    {
        var current = await GetAuthenticatorAsync(name);
        var options = new JsonObject
        {
            ["clientId"] = current.ClientId,
            ["autoSignup"] = autoSignup ?? current.AutoSignup,
        };
        if (clientSecret is not null)
        {
            options["clientSecret"] = clientSecret;
        }

        using var response = await browser.Http.PutAsJsonAsync($"/api/authenticators/{Uri.EscapeDataString(name)}", new JsonObject
        {
            ["enabled"] = enabled ?? current.Enabled,
            ["options"] = options,
        });
        await SucceededAsync(response);
        return DingTalkAuthenticatorView.From((await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    /// <summary>Saves the authenticator's options as read back, with <paramref name="change"/> applied; the secret stays.</summary>
    public async Task<DingTalkAuthenticatorView> ChangeSettingsAsync(string name, Action<JsonObject> change)
    {
        var current = await GetAuthenticatorAsync(name);
        var options = current.Options.DeepClone().AsObject();
        change(options);
        using var response = await browser.Http.PutAsJsonAsync($"/api/authenticators/{Uri.EscapeDataString(name)}", new JsonObject
        {
            ["enabled"] = current.Enabled,
            ["options"] = options,
        });
        await SucceededAsync(response);
        return DingTalkAuthenticatorView.From((await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    public async Task DeleteAuthenticatorAsync(string name)
    {
        using var response = await browser.Http.DeleteAsync($"/api/authenticators/{Uri.EscapeDataString(name)}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public void Dispose() => browser.Dispose();

    private static async Task SucceededAsync(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"The admin API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
