using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>DingTalk never answers: the person is told so within the configured tries (the budget itself is unit-tested).</summary>
public sealed class DingTalkTimeoutTests : IClassFixture<ImpatientDingTalkApp>
{
    private const string TimeoutMessage = "DingTalk took too long to answer. Please try again.";

    private readonly ImpatientDingTalkApp dingTalk;

    public DingTalkTimeoutTests(ImpatientDingTalkApp dingTalk)
    {
        this.dingTalk = dingTalk;
        dingTalk.Sandbox.Reset();
    }

    [Fact]
    public async Task A_code_exchange_that_hangs_is_explained_and_sent_only_once()
    {
        dingTalk.Sandbox.TokenFault = SandboxFault.Hang;

        var (browser, name, target) = await SignInAsync("tokenhang");

        using (browser)
        {
            Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.Timeout}", target);
            Assert.Equal(TimeoutMessage, await browser.SignInErrorShownAsync(target));
            Assert.False(browser.HasSessionCookie());
        }

        Assert.Equal(1, dingTalk.Sandbox.TokenRequests);
        Assert.Empty(await dingTalk.App.BindingsOfAsync(name));
        Assert.DoesNotContain(DingTalkApp.ClientSecret, dingTalk.App.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_users_me_that_hangs_is_explained_after_one_retry()
    {
        dingTalk.Sandbox.UserInfoFault = SandboxFault.Hang;

        var (browser, name, target) = await SignInAsync("mehang");

        using (browser)
        {
            Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.Timeout}", target);
            Assert.Equal(TimeoutMessage, await browser.SignInErrorShownAsync(target));
            Assert.False(browser.HasSessionCookie());
        }

        Assert.Equal(2, dingTalk.Sandbox.UserInfoRequests);
        Assert.Empty(await dingTalk.App.BindingsOfAsync(name));
        foreach (var token in dingTalk.Sandbox.IssuedAccessTokens)
        {
            Assert.DoesNotContain(token, dingTalk.App.Logs.All, StringComparison.Ordinal);
        }
    }

    private async Task<(BrowserClient Browser, string Name, string Target)> SignInAsync(string prefix)
    {
        var name = DingTalkApp.NewName(prefix);
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser($"Person {name}");
        var browser = dingTalk.App.CreateBrowser();
        return (browser, name, await browser.SignInWithDingTalkAsync(name, person));
    }
}
