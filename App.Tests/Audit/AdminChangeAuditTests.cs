using System.Net;
using System.Text.Json.Nodes;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Audit;

/// <summary>Admin changes are recorded in the same save as the change, naming the admin; a refused change records nothing.</summary>
public sealed class AdminChangeAuditTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    private Task<string> AdminIdAsync() =>
        App.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.AdminEmail).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task Locking_a_user_commits_the_lock_and_its_record_naming_the_admin()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var id = await admin.AddUserAsync(Unique("lockme"));

        (await admin.PostAsync($"/api/users/{id}/lock", new { })).ShouldBe(HttpStatusCode.OK);

        Assert.True((await App.UserRowAsync(id)).IsLockedByAdmin);
        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.UserLocked && e.UserId == id));
        Assert.Equal(await AdminIdAsync(), record.ActorId);
        Assert.Equal(AuditResults.Success, record.Result);
        var created = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.UserCreated && e.UserId == id));
        Assert.Equal(await AdminIdAsync(), created.ActorId);
    }

    [Fact]
    public async Task When_the_record_cannot_be_written_the_change_is_not_made_either()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var id = await admin.AddUserAsync(Unique("atomic"));
        // The database refuses this one record, as a full disk or a lost connection would at that moment.
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER refuse_atomic_lock BEFORE INSERT ON AuditEvents WHEN NEW.Type = 'user.locked' " +
            "AND NEW.UserId IN (SELECT Id FROM AspNetUsers WHERE UserName LIKE 'atomic%') BEGIN SELECT RAISE(ABORT, 'audit write refused'); END;"));
        try
        {
            var answer = await admin.PostAsync($"/api/users/{id}/lock", new { });
            Assert.NotEqual(HttpStatusCode.OK, answer.Status);
        }
        finally
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_atomic_lock;"));
        }

        Assert.False((await App.UserRowAsync(id)).IsLockedByAdmin);
        Assert.Empty(await App.RecordsAsync(e => e.Type == AuditEventTypes.UserLocked && e.UserId == id));
    }

    [Fact]
    public async Task A_refused_change_leaves_neither_the_change_nor_a_record()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var adminId = await AdminIdAsync();
        var before = (await App.RecordsAsync(e => e.UserId == adminId && e.Type != AuditEventTypes.SignIn)).Count;

        (await admin.PostAsync($"/api/users/{adminId}/lock", new { })).ShouldBeProblem(HttpStatusCode.Conflict);
        (await admin.DeleteAsync($"/api/users/{adminId}")).ShouldBeProblem(HttpStatusCode.Conflict);

        Assert.False((await App.UserRowAsync(adminId)).IsLockedByAdmin);
        Assert.Equal(before, (await App.RecordsAsync(e => e.UserId == adminId && e.Type != AuditEventTypes.SignIn)).Count);
    }

    [Fact]
    public async Task Changing_an_authenticators_secret_records_that_it_was_rotated_but_never_the_value()
    {
        var name = DingTalkApp.NewName("rotated");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var newSecret = "rotated-secret-" + Guid.NewGuid().ToString("N");

        await dingTalk.Admin.EditAuthenticatorAsync(name, enabled: false, clientSecret: newSecret);

        var records = await App.RecordsAsync(e => e.Authenticator == name);
        Assert.Equal(
            [AuditEventTypes.AuthenticatorCreated, AuditEventTypes.AuthenticatorChanged, AuditEventTypes.AuthenticatorDisabled, AuditEventTypes.SecretRotated],
            records.Select(r => r.Type));
        Assert.All(records, r => Assert.Equal(records[0].ActorId, r.ActorId));
        Assert.Equal(await AdminIdAsync(), records[0].ActorId);
        Assert.Equal("clientSecret", records[^1].Detail);
        var all = (await App.AllRecordsAsync()).Select(AuditSteps.Text).ToList();
        Assert.DoesNotContain(all, t => t.Contains(newSecret, StringComparison.Ordinal) || t.Contains(DingTalkApp.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Saving_an_authenticator_with_its_secret_unchanged_records_no_rotation()
    {
        var name = DingTalkApp.NewName("kept");
        await dingTalk.Admin.AddAuthenticatorAsync(name);

        await dingTalk.Admin.ChangeSettingsAsync(name, options => options["autoSignup"] = JsonValue.Create(false));

        Assert.Empty(await App.RecordsAsync(e => e.Authenticator == name && e.Type == AuditEventTypes.SecretRotated));
        Assert.Single(await App.RecordsAsync(e => e.Authenticator == name && e.Type == AuditEventTypes.AuthenticatorChanged));
    }

    [Fact]
    public async Task Switching_a_plugin_is_recorded_with_the_plugin_and_its_new_state()
    {
        await dingTalk.Admin.SetPluginActiveAsync(false);
        await dingTalk.Admin.SetPluginActiveAsync(true);

        var details = (await App.RecordsAsync(e => e.Type == AuditEventTypes.PluginSwitched)).Select(r => r.Detail).TakeLast(2);
        Assert.Equal([$"{DingTalkPlugin.PluginName}=off", $"{DingTalkPlugin.PluginName}=on"], details);
    }
}
