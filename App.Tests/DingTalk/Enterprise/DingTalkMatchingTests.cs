using System.Text.Json.Nodes;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk.Enterprise;

/// <summary>"Match existing users by" and "Update name and avatar at each sign-in", over the sandbox.</summary>
public sealed class DingTalkMatchingTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private static readonly JsonObject NoMatching = new() { ["matchBy"] = "none" };
    private static readonly JsonObject RefreshProfile = new() { ["updateProfile"] = true };

    private TestApp App => dingTalk.App;

    [Fact]
    public async Task Without_matching_a_person_whose_mobile_a_user_has_is_refused_and_the_user_is_not_taken_over()
    {
        var name = DingTalkApp.NewName("nomatch");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: NoMatching);
        var mobile = DingTalkApp.UniqueMobile();
        var existing = await App.CreateUserWithPhoneAsync($"owner-{name}", "Phone Owner", mobile);
        var person = dingTalk.AddSandboxUser("Claims The Phone", mobile: mobile);
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.MobileMustLink}", target);
        Assert.Equal(
            "An account with this mobile number already exists, and DingTalk accounts are not matched to it by phone number here. Sign in another way, then link DingTalk from My account.",
            await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        Assert.Empty(await App.BindingsOfAsync(name));
        var owner = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(mobile)));
        Assert.Equal(existing.Id, owner.Id);
        Assert.Equal("Phone Owner", owner.DisplayName);
    }

    [Fact]
    public async Task Without_matching_and_without_auto_sign_up_an_unbound_person_is_user_not_found()
    {
        var name = DingTalkApp.NewName("nomatch-nosignup");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: false, settings: NoMatching);
        var person = dingTalk.AddSandboxUser("Nobody Here");
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.UserNotFound}", target);
        Assert.Equal("User not found", await browser.SignInErrorShownAsync(target));
        Assert.Equal(usersBefore, await App.UserCountAsync());
    }

    [Fact]
    public async Task Without_matching_a_new_mobile_still_signs_up_and_a_bound_person_still_signs_in()
    {
        var name = DingTalkApp.NewName("nomatch-signup");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: NoMatching);
        var person = dingTalk.AddSandboxUser("Fresh Face");
        using var browser = App.CreateBrowser();

        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
        using var again = App.CreateBrowser();
        Assert.Equal("/", await again.SignInWithDingTalkAsync(name, person));

        Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Single(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task With_profile_refresh_a_bound_user_gets_the_nick_and_avatar_DingTalk_has_now()
    {
        var name = DingTalkApp.NewName("refresh");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: RefreshProfile);
        var person = dingTalk.AddSandboxUser("Old Nick");
        using (var first = App.CreateBrowser())
        {
            Assert.Equal("/", await first.SignInWithDingTalkAsync(name, person));
        }

        var renamed = person with { Nick = "New Nick", AvatarUrl = "https://static.example/avatars/new.png" };
        dingTalk.Sandbox.AddUser(renamed);
        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, renamed));

        Assert.Equal("New Nick", await browser.HomeNameAsync());
        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Equal("New Nick", user.DisplayName);
        Assert.Equal("https://static.example/avatars/new.png", user.AvatarUrl);
    }

    [Fact]
    public async Task With_profile_refresh_a_user_matched_by_mobile_takes_the_DingTalk_nick_at_once()
    {
        var name = DingTalkApp.NewName("refresh-match");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: RefreshProfile);
        var mobile = DingTalkApp.UniqueMobile();
        await App.CreateUserWithPhoneAsync($"typed-{name}", "Admin Typed", mobile);
        var person = dingTalk.AddSandboxUser("DingTalk Nick", mobile: mobile);
        using var browser = App.CreateBrowser();

        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));

        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(mobile)));
        Assert.Equal("DingTalk Nick", user.DisplayName);
        Assert.Equal(person.AvatarUrl, user.AvatarUrl);
        // The admin signed in with a password to add the authenticator: both look-ups that ask for "at most two" ran.
        Assert.DoesNotContain(App.Logs.Messages, m => m.StartsWith("Warning Microsoft.EntityFrameworkCore.Query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_profile_refresh_the_name_an_admin_gave_stays_and_only_the_binding_follows_DingTalk()
    {
        var name = DingTalkApp.NewName("norefresh");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var mobile = DingTalkApp.UniqueMobile();
        await App.CreateUserWithPhoneAsync($"kept-{name}", "Admin Typed", mobile);
        var person = dingTalk.AddSandboxUser("First Nick", mobile: mobile);
        using (var first = App.CreateBrowser())
        {
            Assert.Equal("/", await first.SignInWithDingTalkAsync(name, person));
        }

        var renamed = person with { Nick = "Second Nick" };
        dingTalk.Sandbox.AddUser(renamed);
        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, renamed));

        Assert.Equal("Admin Typed", await browser.HomeNameAsync());
        Assert.Equal("Admin Typed", Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(mobile))).DisplayName);
        Assert.Equal("Second Nick", Assert.Single(await App.BindingsOfAsync(name)).Nick);
    }

    [Fact]
    public async Task Turning_profile_refresh_on_applies_to_the_next_sign_in()
    {
        var name = DingTalkApp.NewName("refresh-later");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Before");
        using (var first = App.CreateBrowser())
        {
            Assert.Equal("/", await first.SignInWithDingTalkAsync(name, person));
        }

        var renamed = person with { Nick = "After" };
        dingTalk.Sandbox.AddUser(renamed);
        await dingTalk.Admin.ChangeSettingsAsync(name, o => o["updateProfile"] = true);
        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, renamed));

        Assert.Equal("After", await browser.HomeNameAsync());
    }
}
