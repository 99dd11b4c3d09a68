using BlazorAuth.Features.Audit;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Audit;

/// <summary>DingTalk sign-ins through the external sign-in core, against the sandbox over real HTTP.</summary>
public sealed class DingTalkSignInAuditTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_DingTalk_sign_in_and_a_refusal_are_recorded_without_code_token_or_secret()
    {
        var name = DingTalkApp.NewName("audited");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true);
        var person = dingTalk.AddSandboxUser("Audited Person");
        string callback;
        using (var browser = App.CreateBrowser())
        {
            callback = await browser.AuthorizeWithDingTalkAsync(name, person);
            Assert.DoesNotContain("/signin", await browser.FollowCallbackAsync(callback), StringComparison.Ordinal);
        }

        var refusedName = DingTalkApp.NewName("refusing");
        await dingTalk.Admin.AddAuthenticatorAsync(refusedName, autoSignup: false);
        using (var browser = App.CreateBrowser())
        {
            await browser.SignInWithDingTalkAsync(refusedName, dingTalk.AddSandboxUser("Stranger"));
        }

        var success = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.Authenticator == name));
        Assert.Equal(AuditResults.Success, success.Result);
        Assert.Equal("web", success.Method);
        Assert.NotNull(success.UserId);
        Assert.NotNull(success.SessionId);
        var refusal = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.Authenticator == refusedName));
        Assert.Equal(AuditResults.Failure, refusal.Result);
        Assert.Equal("user_not_found", refusal.Reason);
        Assert.Null(refusal.UserId);

        var code = QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), callback).Query)["authCode"].ToString();
        Assert.NotEmpty(code);
        var secrets = new[] { code, DingTalkApp.ClientSecret }.Concat(App.Services.GetRequiredService<SandboxState>().IssuedAccessTokens).ToList();
        var all = (await App.AllRecordsAsync()).Select(AuditSteps.Text).ToList();
        Assert.All(secrets, secret => Assert.DoesNotContain(all, t => t.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_DingTalk_failure_keeps_DingTalks_request_id()
    {
        var name = DingTalkApp.NewName("faulty");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var sandbox = App.Services.GetRequiredService<SandboxState>();
        sandbox.UserInfoFault = SandboxFault.PermissionDenied;
        try
        {
            using var browser = App.CreateBrowser();
            await browser.SignInWithDingTalkAsync(name, dingTalk.AddSandboxUser("Unlucky"));
        }
        finally
        {
            sandbox.UserInfoFault = SandboxFault.None;
        }

        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.Authenticator == name));
        Assert.Equal(AuditResults.Failure, record.Result);
        Assert.NotNull(record.RequestId);
        Assert.Equal(sandbox.LastRequestId, record.RequestId);
    }
}
