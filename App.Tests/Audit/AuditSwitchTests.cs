using System.Net;
using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Audit;

/// <summary>Audit:Enabled. Off, the same sign-ins and admin changes leave no record and the writer never runs; on (the default), they do.</summary>
public sealed class AuditSwitchTests
{
    [Fact]
    public async Task With_auditing_off_sign_ins_and_admin_changes_happen_and_nothing_is_recorded_or_queued()
    {
        var app = new TestApp(settings: new Dictionary<string, string?> { ["Audit:Enabled"] = "false" });
        try
        {
            var lockedId = await ActAsync(app);

            Assert.True((await app.UserRowAsync(lockedId)).IsLockedByAdmin);
            Assert.Equal(0, app.Services.GetRequiredService<AuditQueue>().Count);
            Assert.True(app.Services.GetRequiredService<AuditWriter>().ExecuteTask?.IsCompleted, "The writer's loop does not run.");
            Assert.Empty(await app.AllRecordsAsync());
        }
        finally
        {
            app.Dispose();
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task With_auditing_on_by_default_the_same_actions_are_recorded()
    {
        var app = new TestApp();
        try
        {
            var lockedId = await ActAsync(app);

            Assert.False(app.Services.GetRequiredService<AuditWriter>().ExecuteTask?.IsCompleted);
            var types = (await app.AllRecordsAsync()).Select(r => (r.Type, r.Result)).ToHashSet();
            Assert.Superset(
                new HashSet<(string, string)>
                {
                    (AuditEventTypes.SignIn, AuditResults.Failure), (AuditEventTypes.SignIn, AuditResults.Success),
                    (AuditEventTypes.SignOut, AuditResults.Success), (AuditEventTypes.UserCreated, AuditResults.Success),
                    (AuditEventTypes.UserLocked, AuditResults.Success), (AuditEventTypes.SessionRevoked, AuditResults.Success),
                },
                types);
            Assert.Single(await app.RecordsAsync(e => e.Type == AuditEventTypes.UserLocked && e.UserId == lockedId));
        }
        finally
        {
            app.Dispose();
            app.Database.Dispose();
        }
    }

    /// <summary>A wrong and a right password, a sign-out, and an admin who creates a user, ends their session and locks them.</summary>
    private static async Task<string> ActAsync(TestApp app)
    {
        using (var browser = app.CreateBrowser())
        {
            Assert.NotNull(await browser.TrySignInAsync(TestApp.AdminEmail, "Wrong!Pass000"));
            Assert.Null(await browser.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
            using (await browser.SignOutAsync("/"))
            {
            }
        }

        using var admin = await ApiClient.SignInAsync(app);
        var userName = Unique("switch");
        var id = await admin.AddUserAsync(userName);
        var (user, _) = await app.SignInAsync(userName, UserPassword);
        using (user)
        {
            (await admin.DeleteAsync($"/api/users/{id}/sessions")).ShouldBe(HttpStatusCode.NoContent);
        }

        (await admin.PostAsync($"/api/users/{id}/lock", new { })).ShouldBe(HttpStatusCode.OK);
        return id;
    }
}
