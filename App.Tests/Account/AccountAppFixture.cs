using System.Net;
using System.Security.Cryptography;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Account;

/// <summary>
/// The app with the DingTalk sandbox on and its plugin active, and sessions revalidated on every request
/// (<c>Security:SessionRevalidationInterval=0</c>), so a change shows on the very next request without any waiting.
/// </summary>
public sealed class AccountAppFixture : IAsyncLifetime
{
    public const string ClientId = "ding-account-client";
    public const string ClientSecret = "ding-account-secret-0001";
    public const string Password = "User!Pass12345";

    public TestApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Security:SessionRevalidationInterval"] = "00:00:00",
        ["DingTalk:Sandbox:Enabled"] = "true",
        ["DingTalk:Sandbox:Apps:0:ClientId"] = ClientId,
        ["DingTalk:Sandbox:Apps:0:ClientSecret"] = ClientSecret,
    });

    public ApiClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = await ApiClient.SignInAsync(App);
        await Admin.SetPluginAsync(AuthenticatorTestData.DingTalkPlugin, true);
    }

    /// <summary>A DingTalk authenticator on the sandbox app, created through the admin API (so the app picks it up at once).</summary>
    public async Task CreateDingTalkAsync(string name, string title) =>
        await Admin.CreateAsync(AuthenticatorTestData.DingTalkBody(name, ClientId, ClientSecret, title: title));

    public async Task SetEnabledAsync(string name, string title, bool enabled) =>
        (await Admin.PutAsync($"/api/authenticators/{name}", AuthenticatorTestData.DingTalkBody(name, ClientId, ClientSecret, enabled, title)))
            .ShouldBe(HttpStatusCode.OK);

    /// <summary>A new person at (sandbox) DingTalk, with a mobile number no user of the app has.</summary>
    public SandboxUser NewDingTalkPerson(string nick)
    {
        var id = RandomNumberGenerator.GetHexString(10, lowercase: true);
        var person = new SandboxUser($"union-{id}", $"open-{id}", nick, "139" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999), "86", null, null);
        App.Services.GetRequiredService<SandboxState>().AddUser(person);
        return person;
    }

    /// <summary>A password user signed in through /signin in a browser of their own.</summary>
    public async Task<BrowserClient> SignedInAsync(string userName)
    {
        var browser = App.CreateBrowser();
        using var response = await browser.SignInAsync(userName, Password);
        Assert.True(browser.HasSessionCookie(), $"{userName} could not sign in.");
        return browser;
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}
