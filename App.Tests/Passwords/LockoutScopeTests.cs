using System.Net;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Account;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using BlazorAuth.Features.Users;

namespace BlazorAuth.Tests.Passwords;

/// <summary>
/// Identity's failed-password lockout limits password sign-in to that account from browsers without its device cookie,
/// and nothing else; an administrator's lock refuses everything. The clock is fake, so "past the revalidation interval"
/// is a step of the test, not a wait.
/// </summary>
public sealed class LockoutScopeTests(FakeClockDingTalkApp dingTalk) : IClassFixture<FakeClockDingTalkApp>
{
    private const string Password = "User!Pass12345";

    private TestApp App => dingTalk.App;

    private void PastTheRevalidationInterval() => dingTalk.Clock.Advance(TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_stranger_flooding_an_admins_login_ends_none_of_their_sessions_and_their_usual_browser_still_signs_in()
    {
        var adminId = await App.UserIdAsync(TestApp.AdminEmail);
        using var usual = App.CreateBrowser();
        Assert.Null(await usual.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
        var circuit = await App.ConsolePrincipalAsync(adminId, "basic");

        await App.FloodAsync(TestApp.AdminEmail, 6);
        Assert.True(await App.InTimedLockoutAsync(adminId), "Six wrong passwords should start the lockout.");
        PastTheRevalidationInterval();

        using (var console = await usual.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        }

        Assert.True(await App.CircuitStillValidAsync(circuit), "The admin's open console circuit should survive a stranger's flood.");
        Assert.Equal("200", await dingTalk.Admin.Browser.VisitAsync("/admin/users"));

        using var newBrowser = App.CreateBrowser();
        Assert.Equal(PasswordTestSteps.GenericRefusal, await newBrowser.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
        Assert.False(newBrowser.HasSessionCookie());

        using (await usual.SignOutAsync())
        {
        }

        Assert.False(usual.HasSessionCookie());
        Assert.Null(await usual.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
        Assert.True(usual.HasSessionCookie(), "The browser with the device cookie should sign in during the lockout.");
    }

    [Fact]
    public async Task A_DingTalk_user_whose_login_name_is_flooded_still_signs_in_with_DingTalk()
    {
        var name = DingTalkApp.NewName("flooded");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Flo Flooded");
        using (var first = App.CreateBrowser())
        {
            Assert.Equal("/", await first.SignInWithDingTalkAsync(name, person));
        }

        var user = await BoundUserAsync(person.UnionId);
        await AddPasswordAsync(user.Id);

        await App.FloodAsync(user.UserName!, 6);
        Assert.True(await App.InTimedLockoutAsync(user.Id));
        PastTheRevalidationInterval();

        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
        Assert.Equal("Flo Flooded", await browser.HomeNameAsync());
    }

    [Fact]
    public async Task A_signed_in_user_whose_login_is_flooded_still_changes_their_password_and_links_DingTalk()
    {
        var name = DingTalkApp.NewName("flood-link");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: false);
        var user = await App.CreateUserAsync(DingTalkApp.NewName("busy"), Password, "Busy Owner");
        using var browser = App.CreateBrowser();
        Assert.Null(await browser.TrySignInAsync(user.UserName!, Password));

        await App.FloodAsync(user.UserName!, 6);
        Assert.True(await App.InTimedLockoutAsync(user.Id));
        PastTheRevalidationInterval();

        using (var changed = await browser.SubmitFormAsync("/account/password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = Password,
            ["Input.NewPassword"] = "Changed!Pass67890",
            ["Input.ConfirmPassword"] = "Changed!Pass67890",
        }))
        {
            Assert.Equal("/", changed.RedirectTarget());
        }

        var person = dingTalk.AddSandboxUser("Busy Owner");
        using (var linked = await browser.LinkDingTalkAsync(name, person.UnionId))
        {
            Assert.Equal("/account?status=linked", linked.RedirectTarget());
        }

        Assert.Equal(user.Id, (await BoundUserAsync(person.UnionId)).Id);
    }

    [Fact]
    public async Task Wrong_passwords_from_a_browser_with_the_device_cookie_do_not_lock_the_account_for_anyone_else()
    {
        var user = await App.CreateUserAsync("clumsy", Password, "Clumsy Owner");
        using var known = App.CreateBrowser();
        Assert.Null(await known.TrySignInAsync("clumsy", Password));
        using (await known.SignOutAsync())
        {
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(PasswordTestSteps.GenericRefusal, await known.TrySignInAsync("clumsy", $"Typo!Pass{i}"));
        }

        Assert.False(await App.InTimedLockoutAsync(user.Id));
        using var other = App.CreateBrowser();
        Assert.Null(await other.TrySignInAsync("clumsy", Password));

        // Past the limit that device cookie is no longer trusted: the account's own lockout applies to it again.
        await App.FloodAsync("clumsy", 6);
        Assert.Equal(PasswordTestSteps.GenericRefusal, await known.TrySignInAsync("clumsy", Password));
    }

    [Fact]
    public async Task Another_accounts_device_cookie_or_a_tampered_one_does_not_exempt_a_browser()
    {
        await App.CreateUserAsync("target", Password, "Targeted");
        await App.CreateUserAsync("neighbour", Password, "Neighbour");
        using var shared = App.CreateBrowser();
        Assert.Null(await shared.TrySignInAsync("neighbour", Password));
        using var tampered = App.CreateBrowser();
        Assert.Null(await tampered.TrySignInAsync("target", Password));
        foreach (System.Net.Cookie cookie in tampered.Cookies.GetAllCookies())
        {
            if (cookie.Name.StartsWith("BlazorAuth.Device.", StringComparison.Ordinal))
            {
                cookie.Value = cookie.Value[..^4] + (cookie.Value.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
            }
        }

        using (await tampered.SignOutAsync())
        {
        }

        await App.FloodAsync("target", 6);

        Assert.Equal(PasswordTestSteps.GenericRefusal, await shared.TrySignInAsync("target", Password));
        Assert.Equal(PasswordTestSteps.GenericRefusal, await tampered.TrySignInAsync("target", Password));
    }

    [Fact]
    public async Task An_administrators_lock_ends_every_session_and_refuses_password_and_DingTalk_alike()
    {
        var name = DingTalkApp.NewName("locked");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Lou Locked");
        using var viaDingTalk = App.CreateBrowser();
        Assert.Equal("/", await viaDingTalk.SignInWithDingTalkAsync(name, person));
        var user = await BoundUserAsync(person.UnionId);
        await AddPasswordAsync(user.Id);
        using var viaPassword = App.CreateBrowser();
        Assert.Null(await viaPassword.TrySignInAsync(user.UserName!, Password));
        var circuit = await App.ConsolePrincipalAsync(user.Id, name);

        using (var locked = await dingTalk.Admin.Browser.Http.PostAsync($"/api/users/{user.Id}/lock", null))
        {
            Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        }

        PastTheRevalidationInterval();

        Assert.StartsWith("/signin", await viaDingTalk.VisitAsync("/"), StringComparison.Ordinal);
        Assert.StartsWith("/signin", await viaPassword.VisitAsync("/"), StringComparison.Ordinal);
        Assert.False(await App.CircuitStillValidAsync(circuit));
        using var fresh = App.CreateBrowser();
        Assert.Equal(PasswordTestSteps.GenericRefusal, await viaPassword.TrySignInAsync(user.UserName!, Password));
        var refused = await fresh.SignInWithDingTalkAsync(name, person);
        Assert.Equal(SignInErrors.AccountUnavailable, DingTalkBrowser.ErrorCode(refused));
    }

    private async Task<AppUser> BoundUserAsync(string unionId)
    {
        var userId = await App.WithDbAsync(db => Task.FromResult(db.UserBindings.Single(b => b.ProviderKey == unionId).UserId));
        return await App.UserRowAsync(userId);
    }

    private Task AddPasswordAsync(string userId) =>
        App.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var result = await users.AddPasswordAsync((await users.FindByIdAsync(userId))!, Password);
            Assert.True(result.Succeeded);
            return true;
        });
}
