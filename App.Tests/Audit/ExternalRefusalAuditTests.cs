using BlazorAuth.Features.Audit;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.DingTalk;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Audit;

/// <summary>A refused DingTalk sign-in that pointed at an account names that account, so its owner and admins can see it.</summary>
public sealed class ExternalRefusalAuditTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_refused_sign_in_of_a_locked_user_is_recorded_with_that_user()
    {
        var name = DingTalkApp.NewName("lockedaudit");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Locked Audit");
        using (var browser = App.CreateBrowser())
        {
            Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
        }

        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        await App.LockOutAsync(user.UserName!);
        using (var browser = App.CreateBrowser())
        {
            Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.AccountUnavailable}", await browser.SignInWithDingTalkAsync(name, person));
        }

        var refusal = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.Authenticator == name && e.Result == AuditResults.Failure));
        Assert.Equal(SignInErrors.AccountUnavailable, refusal.Reason);
        Assert.Equal(user.Id, refusal.UserId);
        Assert.Null(refusal.SessionId);
    }
}
