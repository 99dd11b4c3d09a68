using BlazorAuth.Features.Sessions;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Sessions;

/// <summary>An app whose clock moves only when a test advances it; sessions are checked on every request.</summary>
public sealed class FakeClockSessionsApp : IDisposable
{
    public FakeClockSessionsApp()
    {
        App = new TestApp(
            settings: new Dictionary<string, string?> { ["Security:SessionRevalidationInterval"] = "00:00:00" },
            services: services => services.AddSingleton<TimeProvider>(Clock));
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestApp App { get; }

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
    }
}

public sealed class SessionLifetimeTests(FakeClockSessionsApp shared) : IClassFixture<FakeClockSessionsApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_session_past_its_absolute_lifetime_is_refused_even_while_in_use()
    {
        var (browser, _) = await App.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        using (browser)
        {
            // Used every seven hours, the cookie's eight-hour sliding lifetime alone would keep it forever.
            for (var hours = 7; hours < 7 * 24; hours += 7)
            {
                shared.Clock.Advance(TimeSpan.FromHours(7));
                Assert.Equal("200", await browser.VisitAsync("/admin"));
            }

            shared.Clock.Advance(TimeSpan.FromHours(7));

            Assert.Equal("/signin?returnUrl=%2Fadmin", await browser.VisitAsync("/admin"));
        }
    }

    [Fact]
    public async Task The_purge_deletes_ended_and_expired_sessions_and_keeps_live_ones()
    {
        var user = await App.CreateUserAsync(UserAdminSteps.Unique("purge"), UserAdminSteps.UserPassword);
        var (ended, _) = await App.SignInAsync(user.UserName!, UserAdminSteps.UserPassword);
        using (ended)
        using (await ended.SignOutAsync("/")) { }
        var (live, _) = await App.SignInAsync(user.UserName!, UserAdminSteps.UserPassword);
        using (live)
        {
            Assert.Equal(2, (await App.SessionsOfAsync(user.Id)).Count);

            await Purge().PurgeAsync(CancellationToken.None);

            var left = Assert.Single(await App.SessionsOfAsync(user.Id));
            Assert.Null(left.EndedAt);
            Assert.Equal("200", await live.VisitAsync("/account"));
        }
    }

    [Fact]
    public async Task The_purge_deletes_a_session_unused_for_longer_than_the_cookie_lives()
    {
        var user = await App.CreateUserAsync(UserAdminSteps.Unique("idle"), UserAdminSteps.UserPassword);
        var (browser, _) = await App.SignInAsync(user.UserName!, UserAdminSteps.UserPassword);
        using (browser)
        {
            shared.Clock.Advance(TimeSpan.FromHours(9));

            await Purge().PurgeAsync(CancellationToken.None);

            Assert.Empty(await App.SessionsOfAsync(user.Id));
            Assert.Equal("/signin?returnUrl=%2Faccount", await browser.VisitAsync("/account"));
        }
    }

    private SessionPurge Purge() => App.Services.GetServices<IHostedService>().OfType<SessionPurge>().Single();
}
