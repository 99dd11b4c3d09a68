using System.Net;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Plugins;

public sealed class PluginLifecycleTests : IAsyncLifetime
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

    private async Task<JsonElement> PluginAsync(string name) =>
        (await admin.GetAsync("/api/plugins")).ShouldBe(HttpStatusCode.OK).Json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private async Task<JsonElement> AuthenticatorAsync(string name) =>
        (await admin.GetAsync($"/api/authenticators/{name}")).ShouldBe(HttpStatusCode.OK).Json;

    [Fact]
    public async Task Fresh_install_lists_built_in_password_active_and_DingTalk_inactive()
    {
        var plugins = (await admin.GetAsync("/api/plugins")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal([PasswordPlugin, DingTalkPlugin], plugins.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var password = await PluginAsync(PasswordPlugin);
        Assert.Equal("Auth: Password", password.GetProperty("title").GetString());
        Assert.True(password.GetProperty("builtIn").GetBoolean());
        Assert.True(password.GetProperty("enabled").GetBoolean());
        var dingTalk = await PluginAsync(DingTalkPlugin);
        Assert.Equal("Auth: DingTalk", dingTalk.GetProperty("title").GetString());
        Assert.Equal("@nocobase/plugin-auth-dingtalk", dingTalk.GetProperty("packageName").GetString());
        Assert.False(dingTalk.GetProperty("builtIn").GetBoolean());
        Assert.False(dingTalk.GetProperty("enabled").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(dingTalk.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(dingTalk.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task Switching_off_the_built_in_password_plugin_is_409_and_it_stays_active()
    {
        var response = await admin.PutAsync($"/api/plugins/{PasswordPlugin}", new { enabled = false });

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(response.Detail));
        Assert.True((await PluginAsync(PasswordPlugin)).GetProperty("enabled").GetBoolean());
        Assert.True((await AuthenticatorAsync("basic")).GetProperty("pluginActive").GetBoolean());
    }

    [Fact]
    public async Task Activation_is_stored_in_the_database_and_survives_a_restart()
    {
        await admin.SetPluginAsync(DingTalkPlugin, true);

        using var restarted = new TestApp(app.Database);
        using var other = await ApiClient.SignInAsync(restarted);
        var plugin = (await other.GetAsync("/api/plugins")).Json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == DingTalkPlugin);

        Assert.True(plugin.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Creating_a_DingTalk_authenticator_while_its_plugin_is_inactive_is_a_problem_on_type()
    {
        var response = await admin.PostAsync("/api/authenticators", DingTalkBody("dt-early"));

        response.ShouldReject("type", "The plugin of this auth type is not active.");
        Assert.Null(await app.AuthenticatorRowAsync("dt-early"));
    }

    [Fact]
    public async Task Deactivating_DingTalk_hides_it_everywhere_but_deletes_nothing_and_reactivating_restores_it()
    {
        await admin.SetPluginAsync(DingTalkPlugin, true);
        await admin.CreateAsync(DingTalkBody("dt-corp", clientSecret: "corp-secret", title: "Corp DingTalk"));
        await admin.CreateAsync(DingTalkBody("dt-off", enabled: false));
        await app.BindAsync(await app.UserIdAsync(TestApp.AdminEmail), "dt-corp", "union-admin");
        Assert.Equal(["dt-corp"], await app.SignInButtonsAsync());

        await admin.SetPluginAsync(DingTalkPlugin, false);

        Assert.Empty(await app.SignInButtonsAsync());
        Assert.Equal(["basic", "dt-corp", "dt-off"], await admin.NamesAsync());
        var hidden = await AuthenticatorAsync("dt-corp");
        Assert.False(hidden.GetProperty("pluginActive").GetBoolean());
        Assert.True(hidden.GetProperty("enabled").GetBoolean());
        Assert.Equal("Corp DingTalk", hidden.GetProperty("title").GetString());
        Assert.True((await AuthenticatorAsync("basic")).GetProperty("pluginActive").GetBoolean());
        Assert.Equal(1, await app.BindingsOfAsync("dt-corp"));
        (await admin.PostAsync("/api/authenticators", DingTalkBody("dt-new"))).ShouldReject("type");

        await admin.SetPluginAsync(DingTalkPlugin, true);

        Assert.Equal(["dt-corp"], await app.SignInButtonsAsync());
        var restored = await AuthenticatorAsync("dt-corp");
        Assert.True(restored.GetProperty("pluginActive").GetBoolean());
        Assert.True(restored.GetProperty("enabled").GetBoolean());
        Assert.Equal("ding-client-id", restored.GetProperty("options").GetProperty("clientId").GetString());
        Assert.Equal("corp-secret", (await app.StoredSecretsAsync("dt-corp"))["clientSecret"]);
        Assert.Equal(1, await app.BindingsOfAsync("dt-corp"));
        Assert.False((await AuthenticatorAsync("dt-off")).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Authenticators_of_an_inactive_plugin_can_still_be_configured_and_deleted()
    {
        await admin.SetPluginAsync(DingTalkPlugin, true);
        await admin.CreateAsync(DingTalkBody("dt-dormant", enabled: false));
        await admin.SetPluginAsync(DingTalkPlugin, false);

        (await admin.PutAsync("/api/authenticators/dt-dormant", DingTalkBody("dt-dormant", clientSecret: null, title: "Later"))).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(await app.SignInButtonsAsync());
        (await admin.DeleteAsync("/api/authenticators/dt-dormant")).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(["basic"], await admin.NamesAsync());
    }
}
