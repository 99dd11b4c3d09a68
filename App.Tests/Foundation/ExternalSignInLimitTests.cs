using System.Net;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>Starting a DingTalk sign-in has a bucket of its own: a page firing image requests at it cannot use up anyone's password attempts.</summary>
public sealed class ExternalSignInLimitTests
{
    [Fact]
    public async Task DingTalk_login_starts_never_consume_password_attempts_and_have_their_own_limit()
    {
        var dingTalk = await DingTalkApp.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimiting:SignIn:PermitLimit"] = "2",
            ["RateLimiting:ExternalSignIn:PermitLimit"] = "5",
            ["RateLimiting:ExternalSignIn:Window"] = "01:00:00",
        });
        try
        {
            var name = DingTalkApp.NewName("bucket");
            await dingTalk.Admin.AddAuthenticatorAsync(name);
            using var browser = dingTalk.App.CreateBrowser();

            var starts = new List<HttpStatusCode>();
            for (var i = 0; i < 6; i++)
            {
                using var login = await browser.GetAsync(DingTalkBrowser.LoginUrl(name));
                starts.Add(login.StatusCode);
            }

            Assert.Equal(Enumerable.Repeat(HttpStatusCode.Redirect, 5).Append(HttpStatusCode.TooManyRequests), starts);
            Assert.Null(await browser.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
        }
        finally
        {
            await dingTalk.DisposeAsync();
        }
    }
}
