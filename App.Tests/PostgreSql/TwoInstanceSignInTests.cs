using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.DingTalk;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.PostgreSql;

/// <summary>
/// Two instances on one database, as behind a load balancer: instance A hosts the DingTalk sandbox, and instance B
/// talks to A's sandbox as it would to DingTalk. Runs on SQLite and, in test.sh's second pass, on PostgreSQL, where
/// nothing serialises writers for the app.
/// </summary>
public sealed class TwoInstanceSignInTests : IAsyncLifetime
{
    private DingTalkApp a = null!;
    private TestApp b = null!;
    private string name = null!;

    public async Task InitializeAsync()
    {
        a = await DingTalkApp.StartAsync(Unlimited());
        name = DingTalkApp.NewName("cluster");
        await a.Admin.AddAuthenticatorAsync(name);
        var sandbox = new Uri(a.App.BaseAddress, SandboxEndpoints.BasePath).ToString();
        var settings = Unlimited();
        settings["DingTalk:Sandbox:Enabled"] = "false";
        settings["DingTalk:LoginBaseUrl"] = sandbox;
        settings["DingTalk:ApiBaseUrl"] = sandbox;
        b = new TestApp(a.App.Database, settings: settings);
        _ = b.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        b.Dispose();
        await a.DisposeAsync();
    }

    [Fact]
    public async Task A_sign_in_started_on_one_instance_completes_on_the_other_and_its_replay_is_refused_on_both()
    {
        var person = a.AddSandboxUser("Wandering");
        using var browser = a.App.CreateBrowser();
        var callbackOnA = await browser.AuthorizeWithDingTalkAsync(name, person);
        using var onB = BrowserOn(b, browser, callbackOnA);

        Assert.Equal("/", await onB.FollowCallbackAsync(On(b, callbackOnA)));
        Assert.Equal("Wandering", await onB.HomeNameAsync());

        foreach (var (instance, callback) in new[] { (a.App, callbackOnA), (b, On(b, callbackOnA)) })
        {
            using var replay = BrowserOn(instance, browser, callbackOnA);
            var target = await replay.FollowCallbackAsync(callback);
            Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.StateReplayed}", target);
            Assert.False(replay.HasSessionCookie());
        }

        Assert.Single(await a.App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
    }

    [Fact]
    public async Task One_hundred_people_each_finishing_a_first_sign_in_on_both_instances_at_once_get_one_user_and_one_binding_each()
    {
        var people = Enumerable.Range(0, 100).Select(i => a.AddSandboxUser($"Racer {i}")).ToList();
        var usersBefore = await a.App.UserCountAsync();
        using var gate = new SemaphoreSlim(16);

        var targets = await Task.WhenAll(people.Select(async person =>
        {
            await gate.WaitAsync();
            try
            {
                using var laptop = a.App.CreateBrowser();
                using var phone = a.App.CreateBrowser();
                var laptopCallback = await laptop.AuthorizeWithDingTalkAsync(name, person);
                var phoneCallback = await phone.AuthorizeWithDingTalkAsync(name, person);
                using var phoneOnB = BrowserOn(b, phone, phoneCallback);
                return await Task.WhenAll(laptop.FollowCallbackAsync(laptopCallback), phoneOnB.FollowCallbackAsync(On(b, phoneCallback)));
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(targets, pair => Assert.Equal(["/", "/"], pair));
        Assert.Equal(usersBefore + people.Count, await a.App.UserCountAsync());
        foreach (var person in people)
        {
            var user = Assert.Single(await a.App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
            var binding = Assert.Single(await a.App.BindingsForUnionIdAsync(person.UnionId));
            Assert.Equal(user.Id, binding.UserId);
        }
    }

    // Every test browser comes from 127.0.0.1, which the per-client limit would otherwise stop after a few sign-ins.
    private static Dictionary<string, string?> Unlimited() => new() { ["RateLimiting:ExternalSignIn:PermitLimit"] = "100000" };

    /// <summary>The same URL on another instance (both listen on 127.0.0.1, so only the port differs).</summary>
    private static string On(TestApp instance, string url) =>
        new UriBuilder(url) { Port = instance.BaseAddress.Port }.Uri.AbsoluteUri;

    /// <summary>A browser on <paramref name="instance"/> holding the cookies <paramref name="from"/> holds for <paramref name="url"/>.</summary>
    private static BrowserClient BrowserOn(TestApp instance, BrowserClient from, string url)
    {
        var browser = instance.CreateBrowser();
        browser.Cookies.Add(from.Cookies.GetCookies(new Uri(url)));
        return browser;
    }
}
