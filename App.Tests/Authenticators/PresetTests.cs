using System.Net;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Authenticators;

public sealed class PresetTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task Fresh_install_has_an_enabled_password_authenticator_named_basic()
    {
        using var admin = await ApiClient.SignInAsync(app);

        var list = (await admin.GetAsync("/api/authenticators")).ShouldBe(HttpStatusCode.OK).Json;

        var basic = Assert.Single(list.EnumerateArray());
        Assert.Equal("basic", basic.GetProperty("name").GetString());
        Assert.Equal("password", basic.GetProperty("type").GetString());
        Assert.True(basic.GetProperty("enabled").GetBoolean());
        Assert.True(basic.GetProperty("pluginActive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("redirectUrl").ValueKind);
        Assert.Empty(basic.GetProperty("secretsSet").EnumerateArray());
    }

    [Fact]
    public async Task Fresh_install_stores_a_state_row_per_plugin()
    {
        var states = await app.WithDbAsync(db => db.Plugins.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Enabled));

        Assert.Equal(new Dictionary<string, bool> { [PasswordPlugin] = true, [DingTalkPlugin] = false }, states);
    }

    [Fact]
    public async Task A_restart_does_not_seed_basic_again_or_reset_plugin_states()
    {
        using (var admin = await ApiClient.SignInAsync(app))
        {
            await admin.SetPluginAsync(DingTalkPlugin, true);
            (await admin.PutAsync("/api/authenticators/basic", new { title = "Staff password", enabled = true })).ShouldBe(HttpStatusCode.OK);
        }

        using var restarted = new TestApp(app.Database);
        using var again = await ApiClient.SignInAsync(restarted);

        var basic = Assert.Single((await again.GetAsync("/api/authenticators")).Json.EnumerateArray());
        Assert.Equal("Staff password", basic.GetProperty("title").GetString());
        Assert.True(await restarted.WithDbAsync(db => db.Plugins.Where(p => p.Name == DingTalkPlugin).Select(p => p.Enabled).SingleAsync()));
    }
}
