using System.Text.Json.Nodes;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk.Enterprise;

/// <summary>"Allowed organisations (corpId)": only members of the listed DingTalk organisations get in, over the sandbox.</summary>
public sealed class DingTalkOrganisationTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private const string Refused = "Your DingTalk organisation may not sign in here.";

    private TestApp App => dingTalk.App;

    private static JsonObject OnlyAcme => new() { ["allowedCorpIds"] = new JsonArray(SandboxState.AcmeCorpId) };

    [Fact]
    public async Task With_no_organisations_listed_the_scope_is_openid_and_nobody_is_asked_for_an_organisation()
    {
        var name = DingTalkApp.NewName("anyorg");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Open Door", corpIds: [SandboxState.GlobexCorpId]);
        using var browser = App.CreateBrowser();

        Assert.Equal("openid", await browser.RequestedScopeAsync(name));
        var page = await browser.OpenDingTalkAsync(name);
        Assert.False(page.OffersOrganisationsFor(person));
        Assert.Equal("/", await browser.FollowCallbackAsync(await browser.ConfirmAsync(page, person)));
    }

    [Fact]
    public async Task A_member_of_an_allowed_organisation_picks_it_on_DingTalk_and_is_signed_in()
    {
        var name = DingTalkApp.NewName("acme");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: OnlyAcme);
        var person = dingTalk.AddSandboxUser("Acme Worker", corpIds: [SandboxState.AcmeCorpId]);
        using var browser = App.CreateBrowser();

        Assert.Equal("openid corpid", await browser.RequestedScopeAsync(name));
        var page = await browser.OpenDingTalkAsync(name);
        var target = await browser.FollowCallbackAsync(await browser.ConfirmAsync(page, person, SandboxState.AcmeCorpId));

        Assert.Equal("/", target);
        Assert.Equal("Acme Worker", await browser.HomeNameAsync());
        Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
    }

    [Fact]
    public async Task A_person_signing_in_for_another_organisation_is_refused_and_nothing_is_created_or_changed()
    {
        var name = DingTalkApp.NewName("globex");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: OnlyAcme);
        var mobile = DingTalkApp.UniqueMobile();
        var existing = await App.CreateUserWithPhoneAsync($"both-{name}", "Existing Both", mobile);
        var person = dingTalk.AddSandboxUser("In Both", mobile: mobile, corpIds: [SandboxState.AcmeCorpId, SandboxState.GlobexCorpId]);
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        var page = await browser.OpenDingTalkAsync(name);
        var target = await browser.FollowCallbackAsync(await browser.ConfirmAsync(page, person, SandboxState.GlobexCorpId));

        Assert.Equal($"/signin?authenticator={name}&error={DingTalkSignInFailures.OrganisationNotAllowed}", target);
        Assert.Equal(Refused, await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        Assert.Empty(await App.BindingsOfAsync(name));
        Assert.Equal("Existing Both", Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(mobile))).DisplayName);
        Assert.Equal(existing.Id, Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(mobile))).Id);
    }

    [Fact]
    public async Task A_token_without_any_corpId_is_refused_while_organisations_are_listed()
    {
        var name = DingTalkApp.NewName("personal");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: OnlyAcme);
        var person = dingTalk.AddSandboxUser("Personal Account");
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal($"/signin?authenticator={name}&error={DingTalkSignInFailures.OrganisationNotAllowed}", target);
        Assert.Equal(Refused, await browser.SignInErrorShownAsync(target));
        Assert.Equal(usersBefore, await App.UserCountAsync());
        Assert.Empty(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task Allowing_an_organisation_applies_to_the_next_sign_in_without_a_restart()
    {
        var name = DingTalkApp.NewName("change");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: OnlyAcme);
        var person = dingTalk.AddSandboxUser("Globex Worker", corpIds: [SandboxState.GlobexCorpId]);
        using var browser = App.CreateBrowser();
        var refused = await browser.FollowCallbackAsync(await browser.ConfirmAsync(await browser.OpenDingTalkAsync(name), person, SandboxState.GlobexCorpId));
        Assert.Equal(DingTalkSignInFailures.OrganisationNotAllowed, DingTalkBrowser.ErrorCode(refused));

        await dingTalk.Admin.ChangeSettingsAsync(name, o => o["allowedCorpIds"] = new JsonArray(SandboxState.AcmeCorpId, SandboxState.GlobexCorpId));
        var target = await browser.FollowCallbackAsync(await browser.ConfirmAsync(await browser.OpenDingTalkAsync(name), person, SandboxState.GlobexCorpId));

        Assert.Equal("/", target);
        Assert.Equal("Globex Worker", await browser.HomeNameAsync());
    }

    [Fact]
    public async Task Clearing_the_list_lets_a_personal_account_in_again_and_asks_only_for_openid()
    {
        var name = DingTalkApp.NewName("clear");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: OnlyAcme);
        var person = dingTalk.AddSandboxUser("Was Refused");
        using var browser = App.CreateBrowser();
        Assert.Equal(DingTalkSignInFailures.OrganisationNotAllowed, DingTalkBrowser.ErrorCode(await browser.SignInWithDingTalkAsync(name, person)));

        await dingTalk.Admin.ChangeSettingsAsync(name, o => o["allowedCorpIds"] = new JsonArray());

        Assert.Equal("openid", await browser.RequestedScopeAsync(name));
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
    }
}
