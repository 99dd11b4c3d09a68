using System.Net;
using BlazorAuth.Features.DingTalk.InApp;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk.InApp;

/// <summary>
/// Issue 16: opened from the micro app inside DingTalk's client, /signin signs the person in without a click, through the
/// same resolution as the web flow. Over real HTTP against the sandbox's stand-ins for DingTalk's JSAPI and topapi.
/// Each test has its own organisation, so the page's pick of authenticator is always the test's own.
/// </summary>
public sealed class InAppSignInTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_new_person_is_signed_up_without_a_click_and_lands_on_the_page_they_asked_for()
    {
        var (name, corpId) = await GivenInAppAuthenticatorAsync("signup");
        var person = dingTalk.AddSandboxUser("周杰", email: "zhou@example.cn", corpIds: [corpId]);
        using var browser = App.CreateDingTalkBrowser();

        var target = await browser.SignInInsideDingTalkAsync(App, person, corpId, returnUrl: "/?from=workbench");

        Assert.Equal("/?from=workbench", target);
        Assert.Equal("周杰", await browser.HomeNameAsync());
        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Equal("zhou@example.cn", user.Email);
        var binding = Assert.Single(await App.BindingsOfAsync(name));
        Assert.Equal(user.Id, binding.UserId);
        Assert.Equal(person.UnionId, binding.ProviderKey);
    }

    [Fact]
    public async Task A_person_bound_by_the_web_flow_is_signed_in_through_the_binding()
    {
        var (name, corpId) = await GivenInAppAuthenticatorAsync("bound");
        var person = dingTalk.AddSandboxUser("Bound Person", corpIds: [corpId]);
        using (var web = App.CreateBrowser())
        {
            Assert.Equal("/", await web.SignInWithDingTalkAsync(name, person));
        }

        var bound = Assert.Single(await App.BindingsOfAsync(name));
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateDingTalkBrowser();

        Assert.Equal("/", await browser.SignInInsideDingTalkAsync(App, person, corpId));

        Assert.Equal("Bound Person", await browser.HomeNameAsync());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        Assert.Equal(bound.UserId, Assert.Single(await App.BindingsOfAsync(name)).UserId);
    }

    [Fact]
    public async Task An_existing_user_is_found_by_the_mobile_DingTalk_reports()
    {
        var (name, corpId) = await GivenInAppAuthenticatorAsync("phone");
        var mobile = DingTalkApp.UniqueMobile();
        var existing = await App.CreateUserWithPhoneAsync($"phone-{mobile}", "Existing Wang", DingTalkData.Formatted(mobile));
        var person = dingTalk.AddSandboxUser("Wang on DingTalk", mobile: mobile, corpIds: [corpId]);
        using var browser = App.CreateDingTalkBrowser();

        Assert.Equal("/", await browser.SignInInsideDingTalkAsync(App, person, corpId));

        Assert.Equal("Existing Wang", await browser.HomeNameAsync());
        Assert.Equal(existing.Id, Assert.Single(await App.BindingsOfAsync(name)).UserId);
    }

    [Fact]
    public async Task An_organisation_the_authenticator_does_not_allow_is_refused_and_nothing_is_created()
    {
        var name = DingTalkApp.NewName("org");
        var corpId = "corp-" + name;
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: InAppBrowser.InApp(corpId, on: true, "corp-someone-else"));
        var person = dingTalk.AddSandboxUser("Outsider", corpIds: [corpId]);
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateDingTalkBrowser();

        var target = await browser.SignInInsideDingTalkAsync(App, person, corpId);

        Assert.Equal("organisation_not_allowed", DingTalkBrowser.ErrorCode(target));
        Assert.Equal("Your DingTalk organisation may not sign in here.", await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        Assert.Empty(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task A_code_that_comes_a_second_time_is_refused()
    {
        var (_, corpId) = await GivenInAppAuthenticatorAsync("replay");
        var person = dingTalk.AddSandboxUser("Replayed", corpIds: [corpId]);
        using var first = App.CreateDingTalkBrowser();
        var page = await first.OpenMicroAppAsync(corpId);
        var code = await App.RequestAuthCodeAsync(person, page.CorpId, page.ClientId);
        Assert.Equal("/", await first.PostInAppAsync(page, code));

        using var attacker = App.CreateDingTalkBrowser();
        var target = await attacker.PostInAppAsync(await attacker.OpenMicroAppAsync(corpId), code);

        Assert.Equal("code_replayed", DingTalkBrowser.ErrorCode(target));
        Assert.Equal("This DingTalk sign-in was already used once. Open the app again from DingTalk.", await attacker.SignInErrorShownAsync(target));
        Assert.False(attacker.HasSessionCookie());
    }

    [Theory]
    [InlineData(SandboxFault.CodeNotFound, "code_invalid", "DingTalk did not accept the authorization: it was already used or has expired. Please start again.")]
    [InlineData(SandboxFault.ServerError, "provider_unavailable", null)]
    [InlineData(SandboxFault.Malformed, "malformed_response", null)]
    [InlineData(SandboxFault.MissingMobile, "missing_mobile", null)]
    [InlineData(SandboxFault.MissingUnionId, "missing_union_id", null)]
    public async Task Each_refusal_of_DingTalk_ends_on_sign_in_with_its_own_message_and_nobody_signed_in(SandboxFault fault, string code, string? message)
    {
        var (name, corpId) = await GivenInAppAuthenticatorAsync("fault");
        var person = dingTalk.AddSandboxUser("Unlucky", corpIds: [corpId]);
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateDingTalkBrowser();
        dingTalk.Sandbox.InAppFault = fault;
        try
        {
            var target = await browser.SignInInsideDingTalkAsync(App, person, corpId);

            Assert.Equal($"/signin?authenticator={name}&error={code}", target);
            var shown = await browser.SignInErrorShownAsync(target);
            Assert.False(string.IsNullOrWhiteSpace(shown));
            if (message is not null)
            {
                Assert.Equal(message, shown);
            }
        }
        finally
        {
            dingTalk.Sandbox.InAppFault = SandboxFault.None;
        }

        Assert.False(browser.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        // DingTalk's request id is in the log, for DingTalk's support.
        Assert.Contains(dingTalk.Sandbox.LastRequestId!, App.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_permission_is_named_when_DingTalk_names_it()
    {
        var (name, corpId) = await GivenInAppAuthenticatorAsync("permission");
        var person = dingTalk.AddSandboxUser("No Permission", corpIds: [corpId]);
        using var browser = App.CreateDingTalkBrowser();
        dingTalk.Sandbox.InAppFault = SandboxFault.PermissionDenied;
        string target;
        try
        {
            target = await browser.SignInInsideDingTalkAsync(App, person, corpId);
        }
        finally
        {
            dingTalk.Sandbox.InAppFault = SandboxFault.None;
        }

        Assert.Equal($"/signin?authenticator={name}&error=permission_denied&scope=qyapi_get_member", target);
        Assert.Contains("qyapi_get_member", await browser.SignInErrorShownAsync(target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_app_post_for_an_authenticator_with_in_app_sign_in_off_is_refused_and_DingTalk_is_never_asked()
    {
        var name = DingTalkApp.NewName("off");
        var corpId = "corp-" + name;
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: InAppBrowser.InApp(corpId, on: false));
        var person = dingTalk.AddSandboxUser("Not Here", corpIds: [corpId]);
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateDingTalkBrowser();
        var page = await browser.OpenMicroAppAsync(corpId);
        Assert.False(page.StartsInApp);
        Assert.False(page.HasScript);
        var code = await App.RequestAuthCodeAsync(person, corpId, DingTalkApp.ClientId);
        var forged = page with { Html = $"<form id=\"dingtalk-inapp\" action=\"{DingTalkInAppSignIn.Path(name)}\" data-corp-id=\"{corpId}\" data-client-id=\"x\"><input name=\"__RequestVerificationToken\" value=\"{BrowserClient.AntiforgeryToken(page.Html, "")}\" /></form>" };
        var lastRequest = dingTalk.Sandbox.LastRequestId;

        var target = await browser.PostInAppAsync(forged, code);

        Assert.Equal($"/signin?authenticator={name}&error=in_app_off", target);
        Assert.Equal("Automatic sign-in inside DingTalk is not switched on for this sign-in method.", await browser.SignInErrorShownAsync(target));
        Assert.Equal(lastRequest, dingTalk.Sandbox.LastRequestId);
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
    }

    [Fact]
    public async Task An_in_app_post_without_the_pages_antiforgery_token_is_refused()
    {
        var (name, corpId) = await GivenInAppAuthenticatorAsync("csrf");
        var person = dingTalk.AddSandboxUser("Forged", corpIds: [corpId]);
        var code = await App.RequestAuthCodeAsync(person, corpId, DingTalkApp.ClientId);
        using var browser = App.CreateDingTalkBrowser();

        using var response = await browser.Http.PostAsync(DingTalkInAppSignIn.Path(name), new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(browser.HasSessionCookie());
        Assert.Empty(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task The_app_token_is_fetched_once_and_again_when_the_secret_changes()
    {
        var (name, corpId) = await GivenInAppAuthenticatorAsync("token");
        var person = dingTalk.AddSandboxUser("Twice", corpIds: [corpId]);
        var before = dingTalk.Sandbox.AppTokenRequests;
        for (var i = 0; i < 2; i++)
        {
            using var browser = App.CreateDingTalkBrowser();
            Assert.Equal("/", await browser.SignInInsideDingTalkAsync(App, person, corpId));
        }

        Assert.Equal(before + 1, dingTalk.Sandbox.AppTokenRequests);

        await dingTalk.Admin.ChangeSettingsAsync(name, options => options["clientSecret"] = "a-secret-DingTalk-does-not-know");
        using (var browser = App.CreateDingTalkBrowser())
        {
            var target = await browser.SignInInsideDingTalkAsync(App, person, corpId);
            Assert.Equal("invalid_client", DingTalkBrowser.ErrorCode(target));
        }

        Assert.Equal(before + 2, dingTalk.Sandbox.AppTokenRequests);
        Assert.DoesNotContain("a-secret-DingTalk-does-not-know", App.Logs.All, StringComparison.Ordinal);
        Assert.All(dingTalk.Sandbox.IssuedAppTokens, token => Assert.DoesNotContain(token, App.Logs.All, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("&signedOut=1")]
    [InlineData("&authenticator=x&error=code_invalid")]
    public async Task Only_DingTalks_client_on_the_micro_app_home_gets_the_script(string extra)
    {
        var (_, corpId) = await GivenInAppAuthenticatorAsync("quiet");
        using var ordinary = App.CreateBrowser();
        var plain = await ordinary.OpenSignInAsync($"?corpId={corpId}{extra}");
        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.False(plain.HasScript, "An ordinary browser gets no script on /signin.");

        using var inside = App.CreateDingTalkBrowser();
        // A link opened from a chat has no corpId: quiet. After a sign-out or an error: quiet, so nothing loops.
        Assert.False((await inside.OpenSignInAsync("")).HasScript);
        Assert.False((await inside.OpenSignInAsync("?corpId=corp-of-nobody")).HasScript);
        var page = await inside.OpenSignInAsync($"?corpId={corpId}{extra}");
        Assert.Equal(extra.Length == 0, page.StartsInApp);
        Assert.Equal(extra.Length == 0, page.HasScript);
        if (page.StartsInApp)
        {
            Assert.Equal([SandboxEndpoints.BasePath + SandboxInApp.JsApiPath, DingTalkInAppForm.ScriptPath], page.ScriptSources);
            Assert.Contains("Signing you in with DingTalk…", page.Html, StringComparison.Ordinal);
            // The password form stays usable underneath.
            Assert.Contains("name=\"Input.Password\"", page.Html, StringComparison.Ordinal);
        }
    }

    private async Task<(string Name, string CorpId)> GivenInAppAuthenticatorAsync(string prefix)
    {
        var name = DingTalkApp.NewName(prefix);
        var corpId = "corp-" + name;
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: InAppBrowser.InApp(corpId));
        return (name, corpId);
    }
}
