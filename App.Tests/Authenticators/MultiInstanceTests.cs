using System.Net;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Authenticators;

/// <summary>Two instances share one database: what an admin changes on one reaches the other's sign-in page.</summary>
public sealed class MultiInstanceTests : IDisposable
{
    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task An_authenticator_added_on_one_instance_appears_on_the_other_after_its_refresh()
    {
        using var first = new TestApp(database);
        using var second = new TestApp(database);
        using var secondBrowser = second.CreateBrowser();
        Assert.DoesNotContain("data-authenticator=\"shared-dt\"", await secondBrowser.Http.GetStringAsync("/signin"), StringComparison.Ordinal);

        using var admin = await ApiClient.SignInAsync(first);
        (await admin.PutAsync("/api/plugins/auth-dingtalk", new { enabled = true })).ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync("/api/authenticators", AuthenticatorTestData.DingTalkBody("shared-dt"))).ShouldBe(HttpStatusCode.Created);

        // What the refresher's timer does on the second instance, without waiting for the timer.
        await second.Services.GetRequiredService<AuthenticatorSnapshot>().ReloadAsync();

        Assert.Contains("data-authenticator=\"shared-dt\"", await secondBrowser.Http.GetStringAsync("/signin"), StringComparison.Ordinal);
        var login = await secondBrowser.GetAsync("/auth/dingtalk/shared-dt/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("/oauth2/auth", login.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_refresher_reloads_on_its_own_timer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var first = new TestApp(database);
        using var second = new TestApp(database, settings: new Dictionary<string, string?> { ["Authenticators:SnapshotRefreshInterval"] = "00:00:30" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var snapshot = second.Services.GetRequiredService<AuthenticatorSnapshot>();
        _ = second.BaseAddress;

        using var admin = await ApiClient.SignInAsync(first);
        (await admin.PutAsync("/api/authenticators/basic", new { title = "Company password", enabled = true, options = new { } })).ShouldBe(HttpStatusCode.OK);
        Assert.Null(snapshot.Current.Authenticators.Single(a => a.Name == "basic").Title);

        clock.Advance(TimeSpan.FromSeconds(31));

        // The timer fired on the fake clock; its reload runs on the thread pool, so give it a bounded moment.
        await Eventually.HoldsAsync(() => snapshot.Current.Authenticators.Single(a => a.Name == "basic").Title == "Company password",
            "The snapshot was not reloaded after the refresh interval passed.", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
    }
}
