using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>A callback whose state cannot be trusted is refused before its code is ever sent to DingTalk.</summary>
public sealed class DingTalkStateTests(FakeClockDingTalkApp dingTalk) : IClassFixture<FakeClockDingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_tampered_state_is_refused_without_asking_DingTalk()
    {
        var (name, person) = await SetUpAsync("tampered");
        using var browser = App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(name, person);
        var tokenRequests = dingTalk.Sandbox.TokenRequests;

        var target = await browser.FollowCallbackAsync(Tamper(callback));

        await AssertRefusedAsync(browser, name, person, target, SignInErrors.StateInvalid,
            "The sign-in could not be verified: it was changed, or started in another browser. Please start again from this page.");
        Assert.Equal(tokenRequests, dingTalk.Sandbox.TokenRequests);
    }

    [Fact]
    public async Task A_replayed_callback_with_the_same_cookies_is_refused_without_asking_DingTalk()
    {
        var (name, person) = await SetUpAsync("replayed");
        using var browser = App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(name, person);
        using var eavesdropper = App.CreateBrowser();
        eavesdropper.Cookies.Add(browser.Cookies.GetCookies(new Uri(callback)));
        Assert.Equal("/", await browser.FollowCallbackAsync(callback));
        var tokenRequests = dingTalk.Sandbox.TokenRequests;

        var target = await eavesdropper.FollowCallbackAsync(callback);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.StateReplayed}", target);
        Assert.Equal("This sign-in was already completed once. Please start again from this page.", await eavesdropper.SignInErrorShownAsync(target));
        Assert.False(eavesdropper.HasSessionCookie());
        Assert.Equal(tokenRequests, dingTalk.Sandbox.TokenRequests);
        Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Single(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task A_callback_more_than_ten_minutes_after_the_start_is_refused_without_asking_DingTalk()
    {
        var (name, person) = await SetUpAsync("expired");
        using var browser = App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(name, person);
        var tokenRequests = dingTalk.Sandbox.TokenRequests;

        dingTalk.Clock.Advance(TimeSpan.FromMinutes(11));
        var target = await browser.FollowCallbackAsync(callback);

        await AssertRefusedAsync(browser, name, person, target, SignInErrors.StateExpired, "The sign-in took too long and has expired. Please start again.");
        Assert.Equal(tokenRequests, dingTalk.Sandbox.TokenRequests);
    }

    [Fact]
    public async Task A_callback_nine_minutes_after_the_start_still_signs_in()
    {
        var (name, person) = await SetUpAsync("slow");
        using var browser = App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(name, person);

        dingTalk.Clock.Advance(TimeSpan.FromMinutes(9));
        var target = await browser.FollowCallbackAsync(callback);

        Assert.Equal("/", target);
        Assert.Equal(person.Nick, await browser.HomeNameAsync());
    }

    [Fact]
    public async Task A_callback_opened_in_another_browser_is_refused_without_asking_DingTalk()
    {
        var (name, person) = await SetUpAsync("otherbrowser");
        using var victim = App.CreateBrowser();
        var callback = await victim.AuthorizeWithDingTalkAsync(name, person);
        var tokenRequests = dingTalk.Sandbox.TokenRequests;
        using var attacker = App.CreateBrowser();

        var target = await attacker.FollowCallbackAsync(callback);

        await AssertRefusedAsync(attacker, name, person, target, SignInErrors.StateInvalid,
            "The sign-in could not be verified: it was changed, or started in another browser. Please start again from this page.");
        Assert.Equal(tokenRequests, dingTalk.Sandbox.TokenRequests);

        Assert.Equal("/", await victim.FollowCallbackAsync(callback));
        Assert.Equal(person.Nick, await victim.HomeNameAsync());
    }

    private async Task<(string Name, SandboxUser Person)> SetUpAsync(string prefix)
    {
        var name = DingTalkApp.NewName(prefix);
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        return (name, dingTalk.AddSandboxUser($"Person {name}"));
    }

    private async Task AssertRefusedAsync(BrowserClient browser, string name, SandboxUser person, string target, string code, string message)
    {
        Assert.Equal($"/signin?authenticator={name}&error={code}", target);
        Assert.Equal(message, await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Empty(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Empty(await App.BindingsOfAsync(name));
    }

    /// <summary>Changes one character in the middle of the state, as someone editing the URL would.</summary>
    private static string Tamper(string callback)
    {
        var start = callback.IndexOf("state=", StringComparison.Ordinal) + "state=".Length;
        var middle = start + ((callback.Length - start) / 2);
        var replacement = callback[middle] == 'A' ? 'B' : 'A';
        return callback[..middle] + replacement + callback[(middle + 1)..];
    }
}
