using System.Net;
using System.Security.Claims;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Tests.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Audit;

/// <summary>A session ended by someone names who ended it: the admin in the console or the API, the user on /account.</summary>
public sealed class SessionAuditTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task An_admin_ending_a_users_session_in_the_console_is_recorded_with_the_admin_who_did_it()
    {
        var adminId = await AdminIdAsync();
        var (userId, sessionId, browser) = await SignedInUserAsync("panel");
        using (browser)
        {
            // What the console's sessions panel does: its circuit's scope knows the admin only through its authentication
            // state (set by the circuit host, as here); there is no request to read a user from.
            await using var circuit = App.Services.CreateAsyncScope();
            var state = (IHostEnvironmentAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            state.SetAuthenticationState(Task.FromResult(new AuthenticationState(await AdminPrincipalAsync())));

            Assert.True(await circuit.ServiceProvider.GetRequiredService<ISessionList>().EndAsync(userId, sessionId));
            await circuit.ServiceProvider.GetRequiredService<ISessionList>().EndAllAsync(userId);
        }

        var records = await App.RecordsAsync(e => e.Type == AuditEventTypes.SessionRevoked && e.UserId == userId);
        Assert.Single(records);
        Assert.Equal(sessionId, records[0].SessionId);
        Assert.Equal(adminId, records[0].ActorId);
        Assert.Equal(AuditResults.Success, records[0].Result);
    }

    [Fact]
    public async Task A_console_sign_out_everywhere_is_one_record_naming_the_admin_and_how_many_sessions_ended()
    {
        var adminId = await AdminIdAsync();
        var userName = Unique("everywhere");
        var userId = (await App.CreateUserAsync(userName, UserPassword)).Id;
        var (first, _) = await App.SignInAsync(userName, UserPassword);
        var (second, _) = await App.SignInAsync(userName, UserPassword);
        using (first)
        using (second)
        {
            await using var circuit = App.Services.CreateAsyncScope();
            var state = (IHostEnvironmentAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            state.SetAuthenticationState(Task.FromResult(new AuthenticationState(await AdminPrincipalAsync())));

            Assert.Equal(2, await circuit.ServiceProvider.GetRequiredService<ISessionList>().EndAllAsync(userId));
        }

        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SessionRevoked && e.UserId == userId));
        Assert.Equal(adminId, record.ActorId);
        Assert.Null(record.SessionId);
        Assert.Equal("count=2", record.Detail);
    }

    [Fact]
    public async Task An_admin_ending_a_session_through_the_API_is_recorded_with_the_admin_and_the_admins_address()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var (userId, sessionId, browser) = await SignedInUserAsync("api");
        using (browser)
        {
            (await admin.DeleteAsync($"/api/users/{userId}/sessions/{sessionId}")).ShouldBe(HttpStatusCode.NoContent);
        }

        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SessionRevoked && e.UserId == userId));
        Assert.Equal(await AdminIdAsync(), record.ActorId);
        Assert.Equal(sessionId, record.SessionId);
        Assert.Equal("127.0.0.1", record.IpAddress);
    }

    [Fact]
    public async Task A_refused_end_of_someone_elses_session_records_nothing()
    {
        var (userId, _, browser) = await SignedInUserAsync("owner");
        var (_, otherSession, other) = await SignedInUserAsync("other");
        using (browser)
        using (other)
        {
            await using var circuit = App.Services.CreateAsyncScope();
            var state = (IHostEnvironmentAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            state.SetAuthenticationState(Task.FromResult(new AuthenticationState(await AdminPrincipalAsync())));

            Assert.False(await circuit.ServiceProvider.GetRequiredService<ISessionList>().EndAsync(userId, otherSession));
        }

        Assert.Empty(await App.RecordsAsync(e => e.Type == AuditEventTypes.SessionRevoked && e.UserId == userId));
    }

    private Task<string> AdminIdAsync() =>
        App.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.AdminEmail).Select(u => u.Id).SingleAsync());

    private Task<ClaimsPrincipal> AdminPrincipalAsync() => App.AdminPrincipalAsync();

    private async Task<(string UserId, string SessionId, BrowserClient Browser)> SignedInUserAsync(string prefix)
    {
        var userName = Unique(prefix);
        var user = await App.CreateUserAsync(userName, UserPassword);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        var sessionId = Assert.Single(await App.SessionsOfAsync(user.Id)).Id;
        return (user.Id, sessionId, browser);
    }
}
