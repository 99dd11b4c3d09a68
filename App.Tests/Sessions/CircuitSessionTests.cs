using BlazorAuth.Features.Sessions;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Sessions;

/// <summary>A console circuit keeps the principal its page was opened with: it must end when that session does.</summary>
public sealed class CircuitSessionTests(FakeClockSessionsApp shared) : IClassFixture<FakeClockSessionsApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_circuit_ends_when_its_browser_signs_out()
    {
        var (browser, circuit) = await SignedInCircuitAsync();
        using (browser)
        {
            Assert.True(await App.CircuitStillValidAsync(circuit));

            using (await browser.SignOutAsync("/")) { }

            Assert.False(await App.CircuitStillValidAsync(circuit));
        }
    }

    [Fact]
    public async Task A_circuit_ends_when_its_session_is_ended_from_elsewhere_and_the_others_stay()
    {
        var (browser, circuit) = await SignedInCircuitAsync();
        var (other, otherCircuit) = await SignedInCircuitAsync();
        using (browser)
        using (other)
        {
            var ended = await App.Services.GetRequiredService<SessionDirectory>()
                .EndAsync(await AdminIdAsync(), SessionClaims.IdOf(circuit)!);

            Assert.True(ended);
            Assert.False(await App.CircuitStillValidAsync(circuit));
            Assert.True(await App.CircuitStillValidAsync(otherCircuit));
        }
    }

    [Fact]
    public async Task A_circuit_ends_when_its_session_reaches_its_absolute_lifetime()
    {
        var (browser, circuit) = await SignedInCircuitAsync();
        using (browser)
        {
            shared.Clock.Advance(TimeSpan.FromDays(7));

            Assert.False(await App.CircuitStillValidAsync(circuit));
        }
    }

    private Task<string> AdminIdAsync() =>
        App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == TestApp.AdminEmail).Id));

    /// <summary>Signs the admin in and answers the principal a console page opened by that browser would hold.</summary>
    private async Task<(BrowserClient Browser, System.Security.Claims.ClaimsPrincipal Circuit)> SignedInCircuitAsync()
    {
        var (browser, _) = await App.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        var key = App.SessionKeyIn(browser.SessionCookieValue());
        var ticket = await App.Services.GetRequiredService<DbTicketStore>().RetrieveAsync(key);
        return (browser, ticket!.Principal);
    }
}
