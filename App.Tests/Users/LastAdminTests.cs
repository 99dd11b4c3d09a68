using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Security.Claims;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Users;

/// <summary>Some administrator who can sign in always remains. Each test has an app of its own, with the seeded administrator alone.</summary>
public sealed class LastAdminTests : IAsyncLifetime
{
    private const string LastAdminSelf = "You are the last administrator who can sign in. Make another user an administrator first.";

    private readonly TestApp app = new();
    private ApiClient admin = null!;
    private string adminId = "";

    public async Task InitializeAsync()
    {
        admin = await ApiClient.SignInAsync(app);
        adminId = await app.UserIdAsync(TestApp.AdminEmail);
    }

    public Task DisposeAsync()
    {
        admin.Dispose();
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }

    private Task<ApiResponse> StepDownAsync(ApiClient who, string id) => who.PutAsync($"/api/users/{id}", new { roles = Array.Empty<string>() });

    private async Task<IEnumerable<string?>> RolesAsync(string id) =>
        (await admin.GetAsync($"/api/users/{id}")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString());

    private Task<List<string?>> StoredRolesAsync(string id) =>
        app.WithDbAsync(db => db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync());

    [Fact]
    public async Task The_last_admin_cannot_demote_themselves()
    {
        var refused = (await StepDownAsync(admin, adminId)).ShouldBeProblem(HttpStatusCode.Conflict);

        Assert.Equal(LastAdminSelf, refused.Detail);
        Assert.Equal(["Admin"], await RolesAsync(adminId));
    }

    [Fact]
    public async Task With_another_admin_an_admin_can_step_down_and_then_the_other_is_the_last()
    {
        var secondId = await admin.AddUserAsync("second", admin: true);
        using var second = await ApiClient.SignInAsync(app, "second", UserPassword);

        (await StepDownAsync(admin, adminId)).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(await RolesAsync(adminId));
        Assert.Equal(LastAdminSelf, (await StepDownAsync(second, secondId)).ShouldBeProblem(HttpStatusCode.Conflict).Detail);
        Assert.Equal(["Admin"], await RolesAsync(secondId));
    }

    [Fact]
    public async Task A_locked_admin_does_not_count()
    {
        var secondId = await admin.AddUserAsync("second", admin: true);
        (await admin.PostAsync($"/api/users/{secondId}/lock", new { })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(LastAdminSelf, (await StepDownAsync(admin, adminId)).ShouldBeProblem(HttpStatusCode.Conflict).Detail);
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        var secondId = await admin.AddUserAsync("second", admin: true);
        using var second = await ApiClient.SignInAsync(app, "second", UserPassword);

        var answers = await Task.WhenAll(StepDownAsync(admin, secondId), StepDownAsync(second, adminId));

        // Exactly one demotion wins. The other is refused by the last-admin rule, or, when the winner's role change (which
        // ends the loser's sessions) committed before the loser's request was even read, because the loser is signed out.
        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Single(answers, a => a.Status is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized);
        // The demoted admin's sessions ended with the role change, so whichever of the two lost is signed out: ask the database.
        Assert.Single(new[] { await StoredRolesAsync(adminId), await StoredRolesAsync(secondId) }, roles => roles.Contains("Admin"));
    }

    [Fact]
    public async Task Whoever_asks_the_last_admin_is_neither_locked_nor_deleted()
    {
        // Through the API an admin always acts, and counts; the rule itself holds for any caller.
        var (locked, deleted) = await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<IUserAdministration>();
            var nobody = new ClaimsPrincipal(new ClaimsIdentity());
            return (await users.LockAsync(adminId, nobody), await users.DeleteAsync(adminId, nobody));
        });

        const string message = "Administrator is the last administrator who can sign in. Make another user an administrator first.";
        Assert.Equal((StoreStatus.Conflict, message), (locked.Status, locked.Message));
        Assert.Equal((StoreStatus.Conflict, message), (deleted.Status, deleted.Message));
        Assert.Null((await app.UserRowAsync(adminId)).LockoutEnd);
        (await admin.GetAsync("/api/users")).ShouldBe(HttpStatusCode.OK);
    }
}
