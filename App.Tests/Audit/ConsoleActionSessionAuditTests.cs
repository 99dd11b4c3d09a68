using System.Security.Claims;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Audit;

/// <summary>
/// The sessions a console action ends (a lock, a password reset, a role change) are recorded with the admin who acted,
/// although the console runs in a circuit, with no request to read a user from.
/// </summary>
public sealed class ConsoleActionSessionAuditTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task Sessions_ended_by_a_lock_from_the_console_name_the_admin()
    {
        var (userId, admin) = await SignedInUserAndAdminAsync("locked");

        await App.WithScopeAsync(async services => (await services.GetRequiredService<IUserAdministration>().LockAsync(userId, admin)).Status);

        await AssertRevokedByAsync(userId, admin);
    }

    [Fact]
    public async Task Sessions_ended_by_a_password_reset_from_the_console_name_the_admin()
    {
        var (userId, admin) = await SignedInUserAndAdminAsync("reset");

        await App.WithScopeAsync(async services => (await services.GetRequiredService<IUserAdministration>().ResetPasswordAsync(userId, admin)).Status);

        await AssertRevokedByAsync(userId, admin);
    }

    private async Task AssertRevokedByAsync(string userId, ClaimsPrincipal admin)
    {
        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SessionRevoked && e.UserId == userId));
        Assert.Equal(admin.FindFirstValue(ClaimTypes.NameIdentifier), record.ActorId);
        Assert.DoesNotContain(await App.SessionsOfAsync(userId), s => s.EndedAt == null);
    }

    private async Task<(string UserId, ClaimsPrincipal Admin)> SignedInUserAndAdminAsync(string prefix)
    {
        var userName = Unique(prefix);
        var userId = (await App.CreateUserAsync(userName, UserPassword)).Id;
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        browser.Dispose();
        return (userId, await App.AdminPrincipalAsync());
    }
}
