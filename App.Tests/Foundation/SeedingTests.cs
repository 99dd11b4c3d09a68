using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Foundation;

public sealed class SeedingTests : IDisposable
{
    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task A_restart_with_another_admin_password_changes_nothing_that_exists()
    {
        DatabaseSnapshot first;
        using (var app = new TestApp(database))
        {
            first = await DatabaseSnapshot.TakeAsync(app);
            Assert.Contains("Seeded administrator", app.Logs.All, StringComparison.Ordinal);
        }

        using (var restarted = new TestApp(database, settings: new Dictionary<string, string?> { ["Admin:Password"] = "Another!Pass456" }))
        {
            var second = await DatabaseSnapshot.TakeAsync(restarted);

            Assert.Equal(first, second);
            Assert.DoesNotContain("Seeded administrator", restarted.Logs.All, StringComparison.Ordinal);

            using var browser = restarted.CreateBrowser();
            var withOriginal = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
            Assert.Equal("/admin", withOriginal.RedirectTarget());
        }
    }

    [Fact]
    public async Task A_restart_with_another_admin_email_creates_no_second_admin()
    {
        DatabaseSnapshot first;
        using (var app = new TestApp(database))
        {
            first = await DatabaseSnapshot.TakeAsync(app);
        }

        using var restarted = new TestApp(database, settings: new Dictionary<string, string?> { ["Admin:Email"] = "other-admin@test.local" });
        var second = await DatabaseSnapshot.TakeAsync(restarted);

        Assert.Equal(first, second);
        Assert.False(await restarted.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "other-admin@test.local")));
    }

    private sealed record DatabaseSnapshot(
        string AdminId,
        string? PasswordHash,
        string? SecurityStamp,
        string? ConcurrencyStamp,
        DateTime CreatedAt,
        int Users,
        int Roles,
        int AdminRoles,
        int UserRoles)
    {
        public static Task<DatabaseSnapshot> TakeAsync(TestApp app) => app.WithDbAsync(async db =>
        {
            var admin = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == TestApp.AdminEmail.ToUpperInvariant());
            return new DatabaseSnapshot(
                admin.Id,
                admin.PasswordHash,
                admin.SecurityStamp,
                admin.ConcurrencyStamp,
                admin.CreatedAt,
                await db.Users.CountAsync(),
                await db.Roles.CountAsync(),
                await db.Roles.CountAsync(r => r.Name == AppRoles.Admin),
                await db.UserRoles.CountAsync());
        });
    }
}
