using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>Used states are deleted once they would have expired anyway, by a background purge, not by the sign-in itself.</summary>
public sealed class ConsumedStatePurgeTests(FakeClockDingTalkApp dingTalk) : IClassFixture<FakeClockDingTalkApp>
{
    [Fact]
    public async Task An_expired_replay_record_is_purged_in_the_background_and_a_live_one_is_kept()
    {
        var app = dingTalk.App;
        var now = dingTalk.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            db.Set<ConsumedState>().Add(new ConsumedState { Key = "expired-" + Guid.NewGuid().ToString("N")[..20], ExpiresAt = now.AddMinutes(-1) });
            db.Set<ConsumedState>().Add(new ConsumedState { Key = "live-" + Guid.NewGuid().ToString("N")[..20], ExpiresAt = now.AddMinutes(30) });
            return await db.SaveChangesAsync();
        });

        var name = DingTalkApp.NewName("purge");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        using (var browser = app.CreateBrowser())
        {
            Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, dingTalk.AddSandboxUser("Purge Person")));
        }

        Assert.Equal(1, await CountAsync(app, "expired-"));
        dingTalk.Clock.Advance(ConsumedStatePurge.Interval + TimeSpan.FromSeconds(1));

        for (var i = 0; i < 100 && await CountAsync(app, "expired-") > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, await CountAsync(app, "expired-"));
        Assert.Equal(1, await CountAsync(app, "live-"));
    }

    private static Task<int> CountAsync(TestApp app, string prefix) =>
        app.WithDbAsync(db => db.Set<ConsumedState>().CountAsync(s => s.Key.StartsWith(prefix)));
}
