using BlazorAuth.E2E.Support;

namespace BlazorAuth.E2E.Portal;

/// <summary>
/// The app as the portal screenshots show it: the Password authenticator and one DingTalk authenticator titled
/// "DingTalk", set up once, so every page looks the same in every run.
/// </summary>
public sealed class PortalLookAppFixture : IAsyncLifetime
{
    public const string DingTalkName = "dingtalk";

    public PortalAppHost Host { get; } = new();

    public Uri BaseAddress => Host.BaseAddress;

    public async Task InitializeAsync()
    {
        using var admin = await AdminApi.SignInAsync(Host.App);
        await admin.ActivatePluginAsync("auth-dingtalk");
        await admin.CreateDingTalkAuthenticatorAsync(DingTalkName, "DingTalk", autoSignup: true);
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The app with the DingTalk sandbox, serving static assets with the caching headers they get in Production
/// (Development otherwise replaces them with no-cache, so edits show at once).
/// </summary>
public sealed class PortalAppHost() : AppFixture(new Dictionary<string, string?>
{
    ["DingTalk:Sandbox:Enabled"] = "true",
    ["DingTalk:Sandbox:Apps:0:ClientId"] = DingTalkAppFixture.ClientId,
    ["DingTalk:Sandbox:Apps:0:ClientSecret"] = DingTalkAppFixture.ClientSecret,
    ["EnableStaticAssetsDevelopmentCaching"] = "true",
});

/// <summary>An app that allows one sign-in request per window, so the second shows the 429 page.</summary>
public sealed class OneSignInPerWindowAppFixture() : AppFixture(new Dictionary<string, string?>
{
    ["RateLimiting:SignIn:PermitLimit"] = "1",
    ["RateLimiting:SignIn:Window"] = "01:00:00",
});
