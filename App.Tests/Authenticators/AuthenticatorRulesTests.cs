using System.Net;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Authenticators;

public sealed class AuthenticatorRulesTests : IAsyncLifetime
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

    private async Task<bool> EnabledAsync(string name) =>
        (await admin.GetAsync($"/api/authenticators/{name}")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("enabled").GetBoolean();

    private async Task WithDingTalkAsync(string name = "dt", bool enabled = true)
    {
        await admin.SetPluginAsync(DingTalkPlugin, true);
        await admin.CreateAsync(DingTalkBody(name, enabled: enabled));
    }

    [Fact]
    public async Task Disabling_the_only_authenticator_is_refused_with_keep_one_enabled()
    {
        var response = await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false));

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(KeepOneEnabled, response.Detail);
        Assert.True(await EnabledAsync("basic"));
    }

    [Fact]
    public async Task Deleting_the_only_authenticator_is_refused_with_keep_one_enabled()
    {
        var response = await admin.DeleteAsync("/api/authenticators/basic");

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(KeepOneEnabled, response.Detail);
        Assert.Equal(["basic"], await admin.NamesAsync());
    }

    [Fact]
    public async Task Disabling_the_last_enabled_one_is_refused_even_when_disabled_ones_exist()
    {
        await admin.CreateAsync(Password("spare", enabled: false));
        await WithDingTalkAsync(enabled: false);

        var response = await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false));

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(KeepOneEnabled, response.Detail);
        Assert.True(await EnabledAsync("basic"));
    }

    [Fact]
    public async Task Disabling_one_of_two_enabled_password_authenticators_is_allowed()
    {
        await admin.CreateAsync(Password("staff", enabled: true));

        (await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false))).ShouldBe(HttpStatusCode.OK);

        Assert.False(await EnabledAsync("basic"));
        (await admin.PutAsync("/api/authenticators/staff", Password("staff", enabled: false))).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.True(await EnabledAsync("staff"));
    }

    [Fact]
    public async Task Disabling_password_with_only_an_unbound_DingTalk_left_is_refused_as_an_admin_lockout()
    {
        await WithDingTalkAsync();

        var response = await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false));

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.StartsWith(AdminLockout, response.Detail, StringComparison.Ordinal);
        Assert.True(await EnabledAsync("basic"));
    }

    [Fact]
    public async Task Deleting_password_with_only_an_unbound_DingTalk_left_is_refused_as_an_admin_lockout()
    {
        await WithDingTalkAsync();

        var response = await admin.DeleteAsync("/api/authenticators/basic");

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.StartsWith(AdminLockout, response.Detail, StringComparison.Ordinal);
        Assert.Equal(["basic", "dt"], await admin.NamesAsync());
    }

    [Fact]
    public async Task A_non_admin_bound_to_DingTalk_does_not_lift_the_admin_lockout_guard()
    {
        await WithDingTalkAsync();
        var user = await app.CreateUserAsync("dingtalk-user", "User!Pass12345");
        await app.BindAsync(user.Id, "dt", "union-user");

        var response = await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false));

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.StartsWith(AdminLockout, response.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_bound_only_to_a_disabled_DingTalk_does_not_lift_the_admin_lockout_guard()
    {
        await WithDingTalkAsync("dt");
        await WithDingTalkAsync("dt-off", enabled: false);
        await app.BindAsync(await app.UserIdAsync(TestApp.AdminEmail), "dt-off", "union-admin");

        var response = await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false));

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.StartsWith(AdminLockout, response.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_admin_bound_to_an_enabled_DingTalk_disabling_password_succeeds()
    {
        await WithDingTalkAsync();
        await app.BindAsync(await app.UserIdAsync(TestApp.AdminEmail), "dt", "union-admin");

        (await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false))).ShouldBe(HttpStatusCode.OK);

        Assert.False(await EnabledAsync("basic"));
        Assert.Equal(["dt"], await app.SignInButtonsAsync());
    }

    [Fact]
    public async Task Deactivating_DingTalk_while_it_is_the_only_usable_type_is_refused_and_changes_nothing()
    {
        await WithDingTalkAsync();
        await app.BindAsync(await app.UserIdAsync(TestApp.AdminEmail), "dt", "union-admin");
        (await admin.PutAsync("/api/authenticators/basic", Password("basic", enabled: false))).ShouldBe(HttpStatusCode.OK);

        var response = await admin.PutAsync($"/api/plugins/{DingTalkPlugin}", new { enabled = false });

        response.ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal(KeepOneEnabled, response.Detail);
        var plugin = (await admin.GetAsync("/api/plugins")).Json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == DingTalkPlugin);
        Assert.True(plugin.GetProperty("enabled").GetBoolean());
        var dt = (await admin.GetAsync("/api/authenticators/dt")).Json;
        Assert.True(dt.GetProperty("enabled").GetBoolean());
        Assert.True(dt.GetProperty("pluginActive").GetBoolean());
        Assert.Equal(["dt"], await app.SignInButtonsAsync());
        Assert.Equal(1, await app.BindingsOfAsync("dt"));
    }

    [Fact]
    public async Task Deactivating_DingTalk_while_password_stays_enabled_is_allowed()
    {
        await WithDingTalkAsync();

        (await admin.PutAsync($"/api/plugins/{DingTalkPlugin}", new { enabled = false })).ShouldBe(HttpStatusCode.OK);

        Assert.False((await admin.GetAsync("/api/authenticators/dt")).Json.GetProperty("pluginActive").GetBoolean());
    }

    [Fact]
    public async Task Enabling_through_put_is_never_refused()
    {
        await admin.CreateAsync(Password("later", enabled: false));

        (await admin.PutAsync("/api/authenticators/later", Password("later", enabled: true))).ShouldBe(HttpStatusCode.OK);

        Assert.True(await EnabledAsync("later"));
    }

    [Fact]
    public async Task Bound_users_lose_their_binding_when_their_authenticator_is_deleted()
    {
        await WithDingTalkAsync();
        var user = await app.CreateUserAsync("leaver", "User!Pass12345");
        await app.BindAsync(user.Id, "dt", "union-leaver");

        (await admin.DeleteAsync("/api/authenticators/dt")).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(0, await app.WithDbAsync(db => db.UserBindings.CountAsync()));
        Assert.NotNull(await app.WithScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id)));
    }
}
