using System.Net;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Infrastructure.Notifications;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.PostgreSql;

/// <summary>
/// Two instances on one PostgreSQL database whose polls and cache lifetimes are an hour: only LISTEN/NOTIFY can carry
/// a change from one to the other while the test waits.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed class ChangeNotificationTests : IAsyncLifetime
{
    private DingTalkApp a = null!;
    private TestApp b = null!;
    private string name = null!;

    public async Task InitializeAsync()
    {
        if (TestDatabase.PostgresServer is null)
        {
            return;
        }

        a = await DingTalkApp.StartAsync(Slow());
        name = DingTalkApp.NewName("notified");
        await a.Admin.AddAuthenticatorAsync(name);
        var sandbox = new Uri(a.App.BaseAddress, SandboxEndpoints.BasePath).ToString();
        var settings = Slow();
        settings["DingTalk:Sandbox:Enabled"] = "false";
        settings["DingTalk:LoginBaseUrl"] = sandbox;
        settings["DingTalk:ApiBaseUrl"] = sandbox;
        b = new TestApp(a.App.Database, settings: settings);
        _ = b.BaseAddress;
        await b.Services.GetRequiredService<PostgreSqlChangeListener>().Listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        b?.Dispose();
        if (a is not null)
        {
            await a.DisposeAsync();
        }
    }

    [PostgreSqlFact]
    public async Task An_authenticator_disabled_on_one_instance_is_refused_by_the_other_without_waiting_for_its_poll()
    {
        using var browser = b.CreateBrowser();
        Assert.Contains($"data-authenticator=\"{name}\"", await browser.Http.GetStringAsync("/signin"), StringComparison.Ordinal);

        await a.Admin.EditAuthenticatorAsync(name, enabled: false);

        await Eventually.HoldsAsync(async () => !(await browser.Http.GetStringAsync("/signin")).Contains($"data-authenticator=\"{name}\"", StringComparison.Ordinal),
            "the other instance still offers the disabled authenticator");
        using var login = await browser.GetAsync(DingTalkBrowser.LoginUrl(name));
        Assert.DoesNotContain(SandboxEndpoints.BasePath, login.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [PostgreSqlFact]
    public async Task A_client_secret_changed_on_one_instance_is_what_the_other_signs_in_with()
    {
        var snapshot = b.Services.GetRequiredService<AuthenticatorSnapshot>();
        var before = snapshot.Current.Authenticators.Single(x => x.Name == name).ProtectedSecrets;
        // DingTalk now knows only the new secret.
        a.App.SetSetting("DingTalk:Sandbox:Apps:0:ClientSecret", "rotated-secret-42");

        await a.Admin.EditAuthenticatorAsync(name, clientSecret: "rotated-secret-42");

        await Eventually.HoldsAsync(() => Task.FromResult(snapshot.Current.Authenticators.Single(x => x.Name == name).ProtectedSecrets != before),
            "the other instance still has the old secret");
        var person = a.AddSandboxUser("Rotated");
        using var browser = a.App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(name, person);
        using var onB = b.CreateBrowser();
        onB.Cookies.Add(browser.Cookies.GetCookies(new Uri(callback)));
        Assert.Equal("/", await onB.FollowCallbackAsync(new UriBuilder(callback) { Port = b.BaseAddress.Port }.Uri.AbsoluteUri));
    }

    [PostgreSqlFact]
    public async Task A_session_ended_on_one_instance_is_refused_by_the_other_although_it_cached_the_session()
    {
        var user = await b.CreateUserAsync("notified-user", "Notified!Pass123");
        using var browser = b.CreateBrowser();
        (await browser.SignInAsync("notified-user", "Notified!Pass123")).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);

        await a.App.Services.GetRequiredService<SessionDirectory>().EndAllAsync(user.Id);

        await Eventually.HoldsAsync(async () => (await browser.GetAsync("/account")).StatusCode != HttpStatusCode.OK,
            "the other instance still accepts the ended session");
    }

    // An hour: the polls and the ticket cache cannot be what carries a change during a test.
    private static Dictionary<string, string?> Slow() => new()
    {
        ["Authenticators:SnapshotRefreshInterval"] = "01:00:00",
        ["Security:SessionRevalidationInterval"] = "01:00:00",
        ["RateLimiting:ExternalSignIn:PermitLimit"] = "100000",
    };
}
