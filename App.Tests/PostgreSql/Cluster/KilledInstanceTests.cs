using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.PostgreSql.Cluster;

/// <summary>One instance dies (SIGKILL) under a load of sign-ins through nginx: a cluster of its own, since it stays dead.</summary>
[Trait("Database", "Cluster")]
[Collection("Cluster")]
public sealed class KilledInstanceTests(KilledClusterFixture cluster) : IClassFixture<KilledClusterFixture>
{
    private const string Authenticator = "cluster-kill";

    [ClusterFact]
    public async Task After_an_instance_is_killed_under_sign_in_load_nothing_answers_5xx_everyone_stays_signed_in_and_no_user_is_lost_or_doubled()
    {
        var before = Enumerable.Range(0, 20).Select(i => ClusterData.Person(cluster, $"Before {i}")).ToList();
        var signedIn = new List<BrowserClient>();
        foreach (var person in before)
        {
            var browser = new BrowserClient(cluster.Nginx);
            Assert.Equal("/", await SignInAsync(browser, person));
            signedIn.Add(browser);
        }

        var during = new ConcurrentBag<SandboxUser>();
        var failuresAfterKill = new ConcurrentQueue<string>();
        var killedAt = long.MaxValue;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Half returning people, half new ones: both paths write.
                var person = i % 2 == 0 ? before[(worker + i) % before.Count] : ClusterData.Person(cluster, $"During {worker}-{i}");
                var started = Stopwatch.GetTimestamp();
                using var browser = new BrowserClient(cluster.Nginx);
                try
                {
                    if (await SignInAsync(browser, person) == "/" && i % 2 == 1)
                    {
                        during.Add(person);
                    }
                    else if (i % 2 == 1)
                    {
                        throw new InvalidOperationException("the sign-in did not land home");
                    }
                }
                catch (Exception ex) when (started > Interlocked.Read(ref killedAt))
                {
                    failuresAfterKill.Enqueue($"{person.Nick}: {ex.Message}");
                }
                catch (Exception)
                {
                    // In flight on the killed instance: allowed to fail.
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var kill = Process.Start("kill", ["-KILL", cluster.PidB.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Interlocked.Exchange(ref killedAt, Stopwatch.GetTimestamp());
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failuresAfterKill);
        foreach (var browser in signedIn)
        {
            using var account = await browser.GetAsync("/account");
            Assert.Equal(HttpStatusCode.OK, account.StatusCode);
            browser.Dispose();
        }

        Assert.NotEmpty(during);
        foreach (var person in before.Concat(during))
        {
            Assert.Equal(1, await ClusterData.UsersWithUnionIdAsync(cluster, person.UnionId));
            Assert.Equal(1, await ClusterData.ScalarAsync(cluster, "SELECT count(*) FROM \"UserBindings\" WHERE \"ProviderKey\" = @p", person.UnionId));
        }
    }

    /// <summary>The whole DingTalk sign-in through nginx; a 5xx at any step throws.</summary>
    private static async Task<string> SignInAsync(BrowserClient browser, SandboxUser person)
    {
        return await browser.FollowCallbackAsync(await ClusterData.AuthorizeAsync(browser, Authenticator, person));
    }
}
