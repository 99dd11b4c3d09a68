using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Account;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>A phone number is not enough to take over an administrator, and an unverified DingTalk email takes nobody's sign-in name.</summary>
public sealed class AdminPhoneMatchTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private const string Password = "Admin!Pass98765";

    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_DingTalk_mobile_that_belongs_to_an_admin_is_refused_and_changes_nothing_until_the_admin_links_it()
    {
        var name = DingTalkApp.NewName("admin-phone");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true);
        var mobile = DingTalkApp.UniqueMobile();
        var admin = await App.CreateUserAsync(DingTalkApp.NewName("phoneadmin"), Password, "Phone Admin", AppRoles.Admin);
        await SetPhoneAsync(admin.Id, mobile);
        var person = dingTalk.AddSandboxUser("Holder Of The Number", mobile: mobile);
        var before = await RowAsync(admin.Id);
        var usersBefore = await App.WithDbAsync(db => db.Users.CountAsync());

        using var stranger = App.CreateBrowser();
        var refused = await stranger.SignInWithDingTalkAsync(name, person);

        Assert.Equal(SignInErrors.AdminMustLink, DingTalkBrowser.ErrorCode(refused));
        Assert.Equal(
            "This DingTalk account's mobile number belongs to an administrator, who is never signed in by phone number. Sign in with your password, then link DingTalk from My account.",
            await stranger.SignInErrorShownAsync(refused));
        Assert.False(stranger.HasSessionCookie());
        Assert.Empty(await App.BindingsOfAsync(name));
        Assert.Equal(usersBefore, await App.WithDbAsync(db => db.Users.CountAsync()));
        var after = await RowAsync(admin.Id);
        Assert.Equal((before.SecurityStamp, before.PhoneNumber, before.DisplayName), (after.SecurityStamp, after.PhoneNumber, after.DisplayName));

        using var adminBrowser = App.CreateBrowser();
        using (await adminBrowser.SignInAsync(admin.UserName!, Password))
        {
        }

        using (var linked = await adminBrowser.LinkDingTalkAsync(name, person.UnionId))
        {
            Assert.Equal("/account?status=linked", linked.RedirectTarget());
        }

        using var later = App.CreateBrowser();
        Assert.Equal("/admin", await later.SignInWithDingTalkAsync(name, person));
        Assert.Equal(admin.Id, Assert.Single(await App.BindingsOfAsync(name)).UserId);
    }

    [Fact]
    public async Task A_DingTalk_sign_up_whose_email_is_another_users_sign_in_name_does_not_get_that_email()
    {
        var name = DingTalkApp.NewName("email-name");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true);
        var login = $"{name}@corp.example";
        await App.WithScopeAsync(async services =>
        {
            var result = await services.GetRequiredService<UserManager<AppUser>>()
                .CreateAsync(new AppUser { UserName = login, DisplayName = "Alice By Name", CreatedAt = DateTime.UtcNow }, Password);
            Assert.True(result.Succeeded);
            return true;
        });
        var person = dingTalk.AddSandboxUser("Email Squatter", email: login.ToUpperInvariant());

        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));

        var created = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Null(created.Email);
        Assert.Equal(login.ToUpperInvariant(), Assert.Single(await App.BindingsOfAsync(name)).Email);
        using var alice = App.CreateBrowser();
        using var signedIn = await alice.SignInAsync(login, Password);
        Assert.Equal("/", signedIn.RedirectTarget());
        Assert.Equal("Alice By Name", await alice.HomeNameAsync());
    }

    private Task<AppUser> RowAsync(string userId) =>
        App.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId));

    private Task SetPhoneAsync(string userId, string mobile) =>
        App.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            user.PhoneNumber = mobile;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
            return true;
        });
}
