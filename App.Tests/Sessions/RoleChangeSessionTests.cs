using System.Net;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Sessions;

/// <summary>
/// With the default one-minute revalidation interval (sessions cached), a role change still ends the user's sessions on
/// the very next request: the records end, not only the security stamp.
/// </summary>
public sealed class RoleChangeSessionTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task Granting_Admin_ends_the_users_sessions_at_once_even_with_sessions_cached()
    {
        using var admin = await ApiClient.SignInAsync(app);
        var userName = Unique("grant");
        var id = await admin.AddUserAsync(userName);
        var (browser, _) = await app.SignInAsync(userName, UserPassword);
        using (browser)
        {
            Assert.Equal("403", await browser.VisitAsync("/admin"));

            (await admin.PutAsync($"/api/users/{id}", new { roles = new[] { "Admin" } })).ShouldBe(HttpStatusCode.OK);

            Assert.Equal("/signin?returnUrl=%2Fadmin", await browser.VisitAsync("/admin"));
            Assert.All(await app.SessionsOfAsync(id), s => Assert.NotNull(s.EndedAt));
        }
    }

    [Fact]
    public async Task An_admin_who_changes_their_own_roles_keeps_the_session_they_did_it_in_and_their_other_sessions_end()
    {
        using var admin = await ApiClient.SignInAsync(app);
        var userName = Unique("self");
        var id = await admin.AddUserAsync(userName, admin: true);
        using var self = await ApiClient.SignInAsync(app, userName, UserPassword);
        var (elsewhere, _) = await app.SignInAsync(userName, UserPassword);
        using (elsewhere)
        {
            Assert.Equal("200", await elsewhere.VisitAsync("/admin"));

            (await self.PutAsync($"/api/users/{id}", new { roles = Array.Empty<string>() })).ShouldBe(HttpStatusCode.OK);

            Assert.Equal("/signin?returnUrl=%2Fadmin", await elsewhere.VisitAsync("/admin"));
            Assert.Single(await app.SessionsOfAsync(id), s => s.EndedAt is null);
        }
    }
}
