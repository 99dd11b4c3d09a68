using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;

namespace BlazorAuth.Tests.Account;

/// <summary>
/// People an administrator created with a generated password, and people who only ever used DingTalk, are never stuck:
/// a DingTalk sign-in lands where any sign-in lands, and /account/password lets them set a password with New + Confirm.
/// </summary>
public sealed class SetPasswordTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private const string NewPassword = "Chosen!Pass24680";

    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_DingTalk_only_user_sets_a_password_on_account_and_then_signs_in_with_it()
    {
        var name = DingTalkApp.NewName("set-pw");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true);
        var person = dingTalk.AddSandboxUser("Sam Setter");
        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
        var userName = (await App.UserRowAsync(await BoundUserIdAsync(person.UnionId))).UserName!;

        var account = await browser.AccountPageAsync();
        var (_, page) = await browser.GetPageAsync("/account/password");
        Assert.Contains("Set a password", page, StringComparison.Ordinal);
        Assert.DoesNotContain("current-password", page, StringComparison.Ordinal);

        using var set = await SetAsync(browser, NewPassword, NewPassword);
        Assert.Equal("/", set.RedirectTarget());

        using var later = App.CreateBrowser();
        Assert.Null(await later.TrySignInAsync(userName, NewPassword));
        Assert.Equal("Sam Setter", await later.HomeNameAsync());
        Assert.Equal("Sam Setter", account.Name);
    }

    [Fact]
    public async Task Setting_a_password_refuses_a_mismatch_or_one_the_rules_reject_and_keeps_the_user_without_one()
    {
        var name = DingTalkApp.NewName("set-bad");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true);
        var person = dingTalk.AddSandboxUser("Mia Mismatch");
        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
        var userId = await BoundUserIdAsync(person.UnionId);

        using var mismatch = await SetAsync(browser, NewPassword, NewPassword + "x");
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Equal("The new password and its confirmation do not match.", Html.AlertText(await mismatch.Content.ReadAsStringAsync()));
        using var tooShort = await SetAsync(browser, "short", "short");
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.NotNull(Html.AlertText(await tooShort.Content.ReadAsStringAsync()));

        Assert.Null((await App.UserRowAsync(userId)).PasswordHash);
    }

    [Fact]
    public async Task A_user_created_with_a_generated_password_signs_in_with_DingTalk_without_a_dead_end_and_can_set_a_password()
    {
        var name = DingTalkApp.NewName("generated");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: false);
        var mobile = DingTalkApp.UniqueMobile();
        var userName = DingTalkApp.NewName("wangwu");
        var generated = await CreateWithGeneratedPasswordAsync(userName, mobile);
        var person = dingTalk.AddSandboxUser("王五", mobile: mobile);

        using var dingTalkSession = App.CreateBrowser();
        Assert.Equal("/", await dingTalkSession.SignInWithDingTalkAsync(name, person));
        Assert.Equal("200", await dingTalkSession.VisitAsync("/account"));
        Assert.Equal("200", await dingTalkSession.VisitAsync("/"));

        using (var withGenerated = App.CreateBrowser())
        {
            using var response = await withGenerated.SignInAsync(userName, generated);
            Assert.Equal("/account/password?returnUrl=%2F", response.RedirectTarget());
            Assert.StartsWith("/account/password", await withGenerated.VisitAsync("/"), StringComparison.Ordinal);
        }

        using var set = await SetAsync(dingTalkSession, NewPassword, NewPassword);
        Assert.Equal("/", set.RedirectTarget());
        Assert.False((await App.UserRowAsync(await BoundUserIdAsync(person.UnionId))).MustChangePassword);
        using var withChosen = App.CreateBrowser();
        using var chosen = await withChosen.SignInAsync(userName, NewPassword);
        Assert.Equal("/", chosen.RedirectTarget());
    }

    [Fact]
    public async Task A_DingTalk_session_of_a_user_with_a_chosen_password_must_still_give_the_current_one()
    {
        var name = DingTalkApp.NewName("chosen");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: false);
        var mobile = DingTalkApp.UniqueMobile();
        var userName = DingTalkApp.NewName("chooser");
        await App.CreateUserAsync(userName, UserAdminSteps.UserPassword, "Chooser");
        using (var put = await dingTalk.Admin.Browser.Http.PutAsJsonAsync($"/api/users/{await App.UserIdAsync($"{userName}@test.local")}", new { phoneNumber = mobile }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var person = dingTalk.AddSandboxUser("Chooser", mobile: mobile);
        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));

        var (_, page) = await browser.GetPageAsync("/account/password");
        Assert.Contains("current-password", page, StringComparison.Ordinal);
        using var withoutCurrent = await SetAsync(browser, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.OK, withoutCurrent.StatusCode);
        Assert.Equal("Enter your current password and a new one.", Html.AlertText(await withoutCurrent.Content.ReadAsStringAsync()));
    }

    private static Task<HttpResponseMessage> SetAsync(BrowserClient browser, string password, string confirm) =>
        browser.SubmitFormAsync("/account/password", "change-password", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = confirm,
        });

    private async Task<string> CreateWithGeneratedPasswordAsync(string userName, string mobile)
    {
        using var response = await dingTalk.Admin.Browser.Http.PostAsJsonAsync("/api/users", new
        {
            displayName = "王五",
            userName,
            phoneNumber = mobile,
            roles = Array.Empty<string>(),
            generatePassword = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("generatedPassword").GetString()!;
    }

    private Task<string> BoundUserIdAsync(string unionId) =>
        App.WithDbAsync(db => Task.FromResult(db.UserBindings.Single(b => b.ProviderKey == unionId).UserId));
}
