using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>
/// Each way DingTalk can let a sign-in down ends on /signin with its own clear message, creates nobody, and is logged
/// with DingTalk's requestid but without the client secret or any access token.
/// </summary>
public sealed class DingTalkFailureTests : IClassFixture<DingTalkApp>
{
    private const string PermissionMessage = "The DingTalk app lacks the permission \"Contact.User.Read\". An administrator must grant it in the DingTalk developer console.";
    private const string UnavailableMessage = "DingTalk is not available right now. Please try again in a few minutes.";
    private const string MalformedMessage = "DingTalk sent an answer that could not be read. Please try again later.";

    private readonly DingTalkApp dingTalk;

    public DingTalkFailureTests(DingTalkApp dingTalk)
    {
        this.dingTalk = dingTalk;
        dingTalk.Sandbox.Reset();
    }

    private TestApp App => dingTalk.App;

    private SandboxState Sandbox => dingTalk.Sandbox;

    [Fact]
    public async Task A_missing_permission_is_named()
    {
        Sandbox.UserInfoFault = SandboxFault.PermissionDenied;

        var failure = await SignInAsync("permission");

        await failure.AssertAsync($"{SignInErrors.PermissionDenied}&scope=Contact.User.Read", PermissionMessage, loggedRequestId: true);
    }

    [Fact]
    public async Task A_server_error_at_the_code_exchange_is_explained_and_the_exchange_is_not_retried()
    {
        Sandbox.TokenFault = SandboxFault.ServerError;

        var failure = await SignInAsync("token5xx");

        await failure.AssertAsync(SignInErrors.Unavailable, UnavailableMessage, loggedRequestId: true);
        Assert.Equal(1, Sandbox.TokenRequests);
    }

    [Fact]
    public async Task A_server_error_at_users_me_is_explained_after_one_retry()
    {
        Sandbox.UserInfoFault = SandboxFault.ServerError;

        var failure = await SignInAsync("me5xx");

        await failure.AssertAsync(SignInErrors.Unavailable, UnavailableMessage, loggedRequestId: true);
        Assert.Equal(2, Sandbox.UserInfoRequests);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_at_the_code_exchange_is_explained()
    {
        Sandbox.TokenFault = SandboxFault.Malformed;

        var failure = await SignInAsync("tokenhtml");

        await failure.AssertAsync(SignInErrors.MalformedResponse, MalformedMessage, loggedRequestId: true);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_at_users_me_is_explained()
    {
        Sandbox.UserInfoFault = SandboxFault.Malformed;

        var failure = await SignInAsync("mehtml");

        await failure.AssertAsync(SignInErrors.MalformedResponse, MalformedMessage, loggedRequestId: true);
    }

    [Fact]
    public async Task A_missing_mobile_says_Failed_to_get_mobile_and_names_the_permission()
    {
        Sandbox.UserInfoFault = SandboxFault.MissingMobile;

        var failure = await SignInAsync("nomobile");

        await failure.AssertAsync(SignInErrors.MissingMobile,
            "Failed to get mobile. The DingTalk app needs the personal phone number permission (Contact.User.mobile).", loggedRequestId: true);
    }

    [Fact]
    public async Task A_missing_unionId_is_explained()
    {
        Sandbox.UserInfoFault = SandboxFault.MissingUnionId;

        var failure = await SignInAsync("nounion");

        await failure.AssertAsync(DingTalkSignInFailures.MissingUnionId,
            "DingTalk did not say who you are (no unionId). The DingTalk app needs the Contact.User.Read permission.", loggedRequestId: true);
    }

    [Fact]
    public async Task An_authorization_code_DingTalk_does_not_know_is_explained()
    {
        Sandbox.TokenFault = SandboxFault.CodeNotFound;

        var failure = await SignInAsync("nocode");

        await failure.AssertAsync(SignInErrors.CodeInvalid,
            "DingTalk did not accept the authorization: it was already used or has expired. Please start again.", loggedRequestId: true);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_blamed_on_the_app_credentials()
    {
        var failure = await SignInAsync("badsecret", clientSecret: "not-the-registered-secret");

        await failure.AssertAsync(SignInErrors.InvalidClient,
            "DingTalk rejected the app's credentials. An administrator must check the Client ID and Client Secret.", loggedRequestId: true);
        Assert.DoesNotContain("not-the-registered-secret", App.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_at_DingTalk_says_the_sign_in_was_cancelled()
    {
        var name = DingTalkApp.NewName("cancel");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser($"Person {name}");
        using var browser = App.CreateBrowser();
        var page = await browser.OpenDingTalkAsync(name);
        Assert.Contains("error=access_denied", page.CancelLink, StringComparison.Ordinal);

        var target = await browser.FollowCallbackAsync(page.CancelLink);

        await new Failure(this, browser, name, person, target).AssertAsync(SignInErrors.ConsentDenied, "The DingTalk sign-in was cancelled.", loggedRequestId: false);
        Assert.Equal(0, Sandbox.TokenRequests);
    }

    private async Task<Failure> SignInAsync(string prefix, string clientSecret = DingTalkApp.ClientSecret)
    {
        var name = DingTalkApp.NewName(prefix);
        await dingTalk.Admin.AddAuthenticatorAsync(name, clientSecret: clientSecret);
        var person = dingTalk.AddSandboxUser($"Person {name}");
        var browser = App.CreateBrowser();
        return new Failure(this, browser, name, person, await browser.SignInWithDingTalkAsync(name, person));
    }

    private sealed record Failure(DingTalkFailureTests Tests, BrowserClient Browser, string Name, SandboxUser Person, string Target)
    {
        public async Task AssertAsync(string code, string message, bool loggedRequestId)
        {
            using var browser = Browser;
            var app = Tests.App;
            Assert.Equal($"/signin?authenticator={Name}&error={code}", Target);
            Assert.Equal(message, await browser.SignInErrorShownAsync(Target));
            Assert.False(browser.HasSessionCookie());
            Assert.Empty(await app.UsersWithMobileAsync(DingTalkData.Normalized(Person.Mobile!)));
            Assert.Empty(await app.BindingsOfAsync(Name));
            Assert.Empty(await app.BindingsForUnionIdAsync(Person.UnionId));

            var logged = Assert.Single(app.Logs.Messages, m => m.Contains($"DingTalk sign-in on {Name} ", StringComparison.Ordinal));
            if (loggedRequestId)
            {
                Assert.Contains($"requestid {Tests.Sandbox.LastRequestId}", logged, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(DingTalkApp.ClientSecret, app.Logs.All, StringComparison.Ordinal);
            foreach (var token in Tests.Sandbox.IssuedAccessTokens)
            {
                Assert.DoesNotContain(token, app.Logs.All, StringComparison.Ordinal);
            }
        }
    }
}
