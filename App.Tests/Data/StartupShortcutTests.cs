using System.Net;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Data;

/// <summary>
/// What the start skips to be quick must never cost a migration or a seeded row: outside Development the migrator no
/// longer compares the model with the snapshot first, and the administrator seeder asks one question before anything else.
/// </summary>
public sealed class StartupShortcutTests : IDisposable
{
    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task A_first_start_in_Production_applies_every_migration_and_seeds_the_administrator()
    {
        using var app = new TestApp(database, environment: "Production");
        using var browser = app.CreateBrowser();

        var health = await browser.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Empty(await app.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
        Assert.Equal([AppRoles.Admin], await AdminRolesOfAsync(app, TestApp.AdminEmail));
        Assert.Equal("/admin", (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword)).RedirectTarget());
    }

    [Fact]
    public async Task A_restart_after_the_last_administrator_was_deleted_seeds_one_again()
    {
        using (var first = new TestApp(database))
        {
            await first.CreateUserAsync("someone", "Someone!Pass123");
            await first.WithScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<AppUser>>();
                return await users.DeleteAsync((await users.FindByEmailAsync(TestApp.AdminEmail))!);
            });
        }

        // The Admin role is left without members, and another user exists: neither may pass for "already seeded".
        using var restarted = new TestApp(database);
        using var browser = restarted.CreateBrowser();

        Assert.Equal([AppRoles.Admin], await AdminRolesOfAsync(restarted, TestApp.AdminEmail));
        Assert.Contains("Seeded administrator", restarted.Logs.All, StringComparison.Ordinal);
        Assert.Equal("/admin", (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword)).RedirectTarget());
    }

    [Fact]
    public async Task A_restart_after_the_Admin_role_was_deleted_creates_the_role_again()
    {
        using (var first = new TestApp(database))
        {
            await first.WithDbAsync(async db =>
            {
                await db.UserRoles.ExecuteDeleteAsync();
                return await db.Roles.ExecuteDeleteAsync();
            });
        }

        using var restarted = new TestApp(database);

        Assert.Equal(1, await restarted.WithDbAsync(db => db.Roles.CountAsync(r => r.Name == AppRoles.Admin)));
        // The configured address still belongs to the former administrator, who gets no role back by a restart.
        Assert.Empty(await AdminRolesOfAsync(restarted, TestApp.AdminEmail));
        Assert.Contains("taken by a user without the Admin role", restarted.Logs.All, StringComparison.Ordinal);
    }

    private static Task<string[]> AdminRolesOfAsync(TestApp app, string email) => app.WithScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        return user is null ? [] : (await users.GetRolesAsync(user)).ToArray();
    });
}
