using System.Net;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace BlazorAuth.Tests.PostgreSql.Cluster;

/// <summary>Two published instances on PostgreSQL behind nginx, started by scripts/cluster.sh, as an operator runs them.</summary>
[Trait("Database", "Cluster")]
[Collection("Cluster")]
public sealed class ClusterTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [ClusterFact]
    public async Task A_sign_in_whose_login_instance_A_served_completes_at_instance_B_and_its_replay_is_refused_on_both()
    {
        var person = Person("Wanderer");
        using var onA = new BrowserClient(cluster.A);

        var callback = await ClusterData.AuthorizeAsync(onA, "cluster", person);
        Assert.StartsWith(cluster.Nginx.AbsoluteUri, callback, StringComparison.Ordinal);

        using var onB = Holding(cluster.B, onA, callback);
        Assert.Equal("/", await onB.FollowCallbackAsync(On(cluster.B, callback)));
        Assert.Equal("Wanderer", await onB.HomeNameAsync());

        foreach (var instance in new[] { cluster.A, cluster.B })
        {
            using var replay = Holding(instance, onA, callback);
            Assert.Equal($"/signin?authenticator=cluster&error={SignInErrors.StateReplayed}", await replay.FollowCallbackAsync(On(instance, callback)));
            Assert.False(replay.HasSessionCookie());
        }

        Assert.Equal(1, await UsersWithUnionIdAsync(person.UnionId));
    }

    [ClusterFact]
    public async Task An_authenticator_disabled_on_A_is_refused_by_B_within_one_second_of_its_commit_and_loses_its_button()
    {
        using var onB = new BrowserClient(cluster.B);
        Assert.Contains("data-authenticator=\"cluster-disable\"", await onB.Http.GetStringAsync("/signin"), StringComparison.Ordinal);
        using var admin = await cluster.AdminOnAsync(cluster.A);
        using var stopPolling = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var polls = Propagation.PollUntilRefusedAsync(cluster.B, "cluster-disable", stopPolling.Token);

        await admin.EditAuthenticatorAsync("cluster-disable", enabled: false);

        var committedAt = await Propagation.CommitTimeAsync(cluster, "cluster-disable");
        var observed = Propagation.Observe(committedAt, await polls);
        output.WriteLine(observed.Describe("An authenticator disabled on A: B refused its login"));
        Propagation.Record(observed.Describe("disable on A, B refuses"));
        Assert.True(observed.AtMost <= TimeSpan.FromSeconds(1), observed.Describe("B refused the disabled authenticator's login only"));
        // The button comes from the same snapshot as the login's check: gone with it, no wait.
        Assert.DoesNotContain("data-authenticator=\"cluster-disable\"", await onB.Http.GetStringAsync("/signin"), StringComparison.Ordinal);
    }

    [ClusterFact]
    public async Task A_client_secret_set_on_A_is_the_one_B_signs_in_with()
    {
        using var admin = await cluster.AdminOnAsync(cluster.A);
        cluster.DingTalk.SetSetting("DingTalk:Sandbox:Apps:1:ClientSecret", "rotating-secret-new");

        await admin.EditAuthenticatorAsync(ClusterFixture.RotatingAuthenticator, clientSecret: "rotating-secret-new");

        var person = Person("Rotated");
        await Eventually.HoldsAsync(async () =>
        {
            using var onA = new BrowserClient(cluster.A);
            var callback = await ClusterData.AuthorizeAsync(onA, ClusterFixture.RotatingAuthenticator, person);
            using var onB = Holding(cluster.B, onA, callback);
            return await onB.FollowCallbackAsync(On(cluster.B, callback)) == "/";
        }, "B still signs in with the old secret");
    }

    [ClusterFact]
    public async Task One_hundred_new_people_each_signing_in_on_A_and_on_B_at_the_same_moment_get_exactly_one_user_and_one_binding()
    {
        var people = Enumerable.Range(0, 100).Select(i => Person($"Racer {i}")).ToList();
        using var gate = new SemaphoreSlim(16);

        var targets = await Task.WhenAll(people.Select(async person =>
        {
            await gate.WaitAsync();
            try
            {
                using var laptop = new BrowserClient(cluster.A);
                using var phone = new BrowserClient(cluster.B);
                var laptopCallback = await ClusterData.AuthorizeAsync(laptop, "cluster-race", person);
                var phoneCallback = await ClusterData.AuthorizeAsync(phone, "cluster-race", person);
                return await Task.WhenAll(laptop.FollowCallbackAsync(On(cluster.A, laptopCallback)), phone.FollowCallbackAsync(On(cluster.B, phoneCallback)));
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(targets, pair => Assert.Equal(["/", "/"], pair));
        foreach (var person in people)
        {
            Assert.Equal(1, await UsersWithUnionIdAsync(person.UnionId));
            Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM \"UserBindings\" WHERE \"ProviderKey\" = @p", person.UnionId));
        }
    }

    [ClusterFact]
    public async Task A_session_ended_on_A_is_refused_by_B_although_B_cached_it()
    {
        var person = Person("Revoked");
        using var browser = new BrowserClient(cluster.B);
        Assert.Equal("/", await browser.FollowCallbackAsync(On(cluster.B, await ClusterData.AuthorizeAsync(browser, "cluster-session", person))));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);
        var userId = await UserIdOfAsync(person.UnionId);
        using var admin = await cluster.AdminOnAsync(cluster.A);

        using var ended = await admin.Browser.Http.DeleteAsync($"/api/users/{userId}/sessions");
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);

        await Eventually.HoldsAsync(async () => (await browser.GetAsync("/account")).StatusCode != HttpStatusCode.OK, "B still accepts the ended session");
    }

    private SandboxUser Person(string nick) => ClusterData.Person(cluster, nick);

    private Task<long> UsersWithUnionIdAsync(string unionId) => ClusterData.UsersWithUnionIdAsync(cluster, unionId);

    private Task<long> ScalarAsync(string sql, string parameter) => ClusterData.ScalarAsync(cluster, sql, parameter);

    private async Task<string> UserIdOfAsync(string unionId)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"UserId\" FROM \"UserBindings\" WHERE \"ProviderKey\" = @p", connection) { Parameters = { new("p", unionId) } };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string On(Uri instance, string url) => ClusterData.On(instance, url);

    private static BrowserClient Holding(Uri instance, BrowserClient from, string url) => ClusterData.Holding(instance, from, url);

}
