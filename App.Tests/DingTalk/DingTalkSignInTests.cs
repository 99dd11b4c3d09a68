using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk;

public sealed class DingTalkSignInTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_new_person_is_signed_up_and_lands_home_greeted_by_their_DingTalk_nick()
    {
        var name = DingTalkApp.NewName("happy");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true, title: "Company DingTalk");
        var person = dingTalk.AddSandboxUser("王伟", email: $"{name}@example.cn");
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal("/", target);
        Assert.True(browser.HasSessionCookie());
        Assert.Equal("王伟", await browser.HomeNameAsync());
        var (_, home) = await browser.GetPageAsync("/");
        Assert.Contains("Signed in with Company DingTalk", home, StringComparison.Ordinal);

        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Equal("王伟", user.DisplayName);
        Assert.Equal(DingTalkData.Normalized(person.Mobile!), user.PhoneNumber);
        Assert.Equal($"{name}@example.cn", user.Email);
        Assert.Equal(person.AvatarUrl, user.AvatarUrl);
        Assert.Empty(await App.RolesOfAsync(user.Id));

        var binding = Assert.Single(await App.BindingsOfAsync(name));
        Assert.Equal(user.Id, binding.UserId);
        Assert.Equal(person.UnionId, binding.ProviderKey);
        Assert.Equal(person.OpenId, binding.Extra(DingTalkProfile.OpenIdExtra));
        Assert.Equal("王伟", binding.Nick);
        Assert.Equal($"{name}@example.cn", binding.Email);
    }

    [Fact]
    public async Task A_new_person_whose_DingTalk_email_another_user_has_gets_no_email_and_the_binding_keeps_it()
    {
        var name = DingTalkApp.NewName("email");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        await App.CreateUserAsync("mei", "User!Pass12345", "Mei Existing");
        var person = dingTalk.AddSandboxUser("Mei DingTalk", email: "MEI@test.local");
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal("/", target);
        Assert.Equal("Mei DingTalk", await browser.HomeNameAsync());
        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Null(user.Email);
        Assert.Equal("MEI@test.local", Assert.Single(await App.BindingsOfAsync(name)).Email);
    }

    [Fact]
    public async Task A_callback_that_names_the_code_code_instead_of_authCode_also_signs_in()
    {
        var name = DingTalkApp.NewName("oauthcode");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Plain OAuth");
        using var browser = App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(name, person);
        Assert.Contains("?authCode=", callback, StringComparison.Ordinal);

        var target = await browser.FollowCallbackAsync(callback.Replace("?authCode=", "?code=", StringComparison.Ordinal));

        Assert.Equal("/", target);
        Assert.Equal("Plain OAuth", await browser.HomeNameAsync());
    }

    [Fact]
    public async Task An_existing_user_is_found_by_mobile_and_later_sign_ins_go_through_the_binding()
    {
        var name = DingTalkApp.NewName("mobile");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true);
        var mobile = DingTalkApp.UniqueMobile();
        var existing = await App.CreateUserWithPhoneAsync("chen", "Chen Jie", DingTalkData.Formatted(mobile));
        var person = dingTalk.AddSandboxUser("Chen J. on DingTalk", mobile: mobile);
        var usersBefore = await App.UserCountAsync();

        using (var browser = App.CreateBrowser())
        {
            Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
            Assert.Equal("Chen Jie", await browser.HomeNameAsync());
        }

        var binding = Assert.Single(await App.BindingsOfAsync(name));
        Assert.Equal(existing.Id, binding.UserId);
        Assert.Equal(person.UnionId, binding.ProviderKey);

        // The phone number no longer matches and the nick changed at DingTalk: the binding alone decides now.
        await App.SetPhoneAsync("chen", "+31 6 1234 5678");
        dingTalk.Sandbox.AddUser(person with { Nick = "Chen Jie 陈杰" });
        using (var again = App.CreateBrowser())
        {
            Assert.Equal("/", await again.SignInWithDingTalkAsync(name, person with { Nick = "Chen Jie 陈杰" }));
            Assert.Equal("Chen Jie", await again.HomeNameAsync());
        }

        Assert.Equal(usersBefore, await App.UserCountAsync());
        binding = Assert.Single(await App.BindingsOfAsync(name));
        Assert.Equal(existing.Id, binding.UserId);
        Assert.Equal("Chen Jie 陈杰", binding.Nick);
        Assert.True(binding.LastSignInAt >= binding.FirstSignInAt);
    }

    [Fact]
    public async Task With_auto_sign_up_off_an_unknown_person_sees_User_not_found_and_nothing_is_created()
    {
        var name = DingTalkApp.NewName("nosignup");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: false);
        var person = dingTalk.AddSandboxUser("Stranger");
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.UserNotFound}", target);
        Assert.Equal("User not found", await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        Assert.Empty(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task With_auto_sign_up_off_an_existing_user_still_signs_in_by_mobile()
    {
        var name = DingTalkApp.NewName("nosignup-known");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: false);
        var mobile = DingTalkApp.UniqueMobile();
        await App.CreateUserWithPhoneAsync("lin", "Lin Known", mobile);
        var person = dingTalk.AddSandboxUser("Lin", mobile: mobile);
        using var browser = App.CreateBrowser();

        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
        Assert.Equal("Lin Known", await browser.HomeNameAsync());
    }

    [Fact]
    public async Task A_mobile_whose_user_is_bound_to_another_DingTalk_account_is_refused()
    {
        var name = DingTalkApp.NewName("bound");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var mobile = DingTalkApp.UniqueMobile();
        var owner = await App.CreateUserWithPhoneAsync("zhou", "Zhou Owner", mobile);
        var first = dingTalk.AddSandboxUser("Zhou", mobile: mobile);
        var second = dingTalk.AddSandboxUser("Zhou's other account", mobile: mobile);
        using (var browser = App.CreateBrowser())
        {
            Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, first));
        }

        var usersBefore = await App.UserCountAsync();
        using var other = App.CreateBrowser();

        var target = await other.SignInWithDingTalkAsync(name, second);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.MobileBoundElsewhere}", target);
        Assert.Equal("The account with this mobile number is already linked to a different DingTalk account.", await other.SignInErrorShownAsync(target));
        Assert.False(other.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        var binding = Assert.Single(await App.BindingsOfAsync(name));
        Assert.Equal((owner.Id, first.UnionId), (binding.UserId, binding.ProviderKey));
    }

    [Fact]
    public async Task A_mobile_that_several_users_share_is_refused()
    {
        var name = DingTalkApp.NewName("shared");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var mobile = DingTalkApp.UniqueMobile();
        await App.CreateUserWithPhoneAsync("twin1", "Twin One", mobile);
        await App.CreateUserWithPhoneAsync("twin2", "Twin Two", DingTalkData.Formatted(mobile));
        var person = dingTalk.AddSandboxUser("Twin", mobile: mobile);
        var usersBefore = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.MobileAmbiguous}", target);
        Assert.StartsWith("Several accounts use this mobile number", await browser.SignInErrorShownAsync(target), StringComparison.Ordinal);
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(usersBefore, await App.UserCountAsync());
        Assert.Empty(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task Two_browsers_finishing_the_same_first_sign_in_at_once_create_one_user_and_one_binding()
    {
        var name = DingTalkApp.NewName("race");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Racer");
        using var laptop = App.CreateBrowser();
        using var phone = App.CreateBrowser();
        var laptopCallback = await laptop.AuthorizeWithDingTalkAsync(name, person);
        var phoneCallback = await phone.AuthorizeWithDingTalkAsync(name, person);

        var targets = await Task.WhenAll(laptop.FollowCallbackAsync(laptopCallback), phone.FollowCallbackAsync(phoneCallback));

        Assert.Equal(["/", "/"], targets);
        Assert.Equal("Racer", await laptop.HomeNameAsync());
        Assert.Equal("Racer", await phone.HomeNameAsync());
        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        var binding = Assert.Single(await App.BindingsForUnionIdAsync(person.UnionId));
        Assert.Equal(user.Id, binding.UserId);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task A_foreign_returnUrl_lands_on_the_home_page(string returnUrl)
    {
        var name = DingTalkApp.NewName("redirect");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Redirected");
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person, returnUrl);

        Assert.Equal("/", target);
        Assert.Equal("Redirected", await browser.HomeNameAsync());
    }

    [Fact]
    public async Task A_local_returnUrl_is_where_the_person_lands()
    {
        var name = DingTalkApp.NewName("local");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Returning");
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithDingTalkAsync(name, person, "/?from=dingtalk");

        Assert.Equal("/?from=dingtalk", target);
    }
}
