using System.Net;
using System.Security.Cryptography;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Sessions;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Account;

/// <summary>The DingTalk sandbox, sessions checked on every request, and a clock that moves only when a test says so.</summary>
public sealed class RecentSignInFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestApp App { get; }

    public ApiClient Admin { get; private set; } = null!;

    public RecentSignInFixture()
    {
        App = new TestApp(
            settings: new Dictionary<string, string?>
            {
                ["Security:SessionRevalidationInterval"] = "00:00:00",
                ["DingTalk:Sandbox:Enabled"] = "true",
                ["DingTalk:Sandbox:Apps:0:ClientId"] = AccountAppFixture.ClientId,
                ["DingTalk:Sandbox:Apps:0:ClientSecret"] = AccountAppFixture.ClientSecret,
            },
            services: services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task InitializeAsync()
    {
        Admin = await ApiClient.SignInAsync(App);
        await Admin.SetPluginAsync(AuthenticatorTestData.DingTalkPlugin, true);
    }

    public async Task<string> NewDingTalkAsync(string prefix)
    {
        var name = UserAdminSteps.Unique(prefix);
        await Admin.CreateAsync(AuthenticatorTestData.DingTalkBody(name, AccountAppFixture.ClientId, AccountAppFixture.ClientSecret, title: name));
        return name;
    }

    public SandboxUser NewPerson(string nick)
    {
        var id = RandomNumberGenerator.GetHexString(10, lowercase: true);
        var person = new SandboxUser($"union-{id}", $"open-{id}", nick, "139" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999), "86", null, null);
        App.Services.GetRequiredService<SandboxState>().AddUser(person);
        return person;
    }

    /// <summary>Lets the sign-in grow older than <c>Security:RecentAuthenticationWindow</c> (five minutes).</summary>
    public void LetTheSignInAge() => Clock.Advance(TimeSpan.FromMinutes(6));

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class RecentSignInTests(RecentSignInFixture fixture) : IClassFixture<RecentSignInFixture>
{
    private const string Password = AccountAppFixture.Password;

    private TestApp App => fixture.App;

    private static string ConfirmUrl(string action) => $"/account/confirm?action={Uri.EscapeDataString(action)}";

    private async Task<BrowserClient> SignedInAsync(string userName)
    {
        var browser = App.CreateBrowser();
        using var response = await browser.SignInAsync(userName, Password);
        Assert.True(browser.HasSessionCookie(), $"{userName} could not sign in.");
        return browser;
    }

    private static Task<HttpResponseMessage> ConfirmPasswordAsync(BrowserClient browser, string action, string password) =>
        browser.SubmitFormAsync(ConfirmUrl(action), "confirm-password", new Dictionary<string, string> { ["Input.Password"] = password });

    private Task<int> BindingsOfAsync(string userName) =>
        App.WithDbAsync(db => db.UserBindings.CountAsync(b => b.User!.UserName == userName));

    [Fact]
    public async Task Linking_without_a_recent_sign_in_asks_for_the_password_first_then_links_and_ends_the_other_sessions()
    {
        var dingTalk = await fixture.NewDingTalkAsync("recent-link");
        var person = fixture.NewPerson("Rene Recent");
        var userName = UserAdminSteps.Unique("rene");
        await App.CreateUserAsync(userName, Password, "Rene Recent");
        using var browser = await SignedInAsync(userName);
        using var elsewhere = await SignedInAsync(userName);
        fixture.LetTheSignInAge();
        var action = AccountSteps.LinkAction(dingTalk);

        using var refused = await browser.PostAccountFormAsync(action);

        Assert.Equal(ConfirmUrl(action), refused.RedirectTarget());
        var (status, page) = await browser.GetPageAsync(refused.RedirectTarget());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Confirm it&#x27;s you", page, StringComparison.Ordinal);
        Assert.Contains("need a recent sign-in", page, StringComparison.Ordinal);

        using var wrong = await ConfirmPasswordAsync(browser, action, "Not!The!Password1");
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        Assert.Equal("The current password is incorrect.", Html.AlertText(wrongPage));
        Assert.DoesNotContain("data-testid=\"confirm-continue\"", wrongPage, StringComparison.Ordinal);

        using var confirmed = await ConfirmPasswordAsync(browser, action, Password);
        var confirmedPage = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains("you confirmed it&#x27;s you", confirmedPage, StringComparison.Ordinal);
        using var challenge = await browser.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(confirmedPage, action),
        }));
        using var linked = await browser.FollowDingTalkAsync(challenge, person.UnionId);

        Assert.Equal("/account?status=linked", linked.RedirectTarget());
        Assert.Equal(1, await BindingsOfAsync(userName));
        Assert.Equal("200", await browser.VisitAsync("/account"));
        Assert.Equal("/signin?returnUrl=%2Faccount", await elsewhere.VisitAsync("/account"));
    }

    [Fact]
    public async Task Unlinking_and_changing_the_password_without_a_recent_sign_in_are_refused_by_the_endpoints_themselves()
    {
        var dingTalk = await fixture.NewDingTalkAsync("recent-unlink");
        var userName = UserAdminSteps.Unique("una");
        var user = await App.CreateUserAsync(userName, Password, "Una Unlink");
        await App.BindAsync(user.Id, dingTalk, "union-" + userName);
        using var browser = await SignedInAsync(userName);
        fixture.LetTheSignInAge();
        var account = await browser.Http.GetStringAsync("/account");
        var token = Html.AntiforgeryTokenForAction(account, AccountSteps.UnlinkAction(dingTalk));

        using var unlink = await browser.Http.PostAsync(AccountSteps.UnlinkAction(dingTalk),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var passwordPage = await browser.GetAsync("/account/password");
        using var passwordPost = await browser.Http.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = token,
            ["Input.CurrentPassword"] = Password,
            ["Input.NewPassword"] = "Hijacked!Pass987",
            ["Input.ConfirmPassword"] = "Hijacked!Pass987",
        }));

        Assert.Equal(ConfirmUrl(AccountSteps.UnlinkAction(dingTalk)), unlink.RedirectTarget());
        Assert.Equal(ConfirmUrl("/account/password"), passwordPage.RedirectTarget());
        Assert.Equal(ConfirmUrl("/account/password"), passwordPost.RedirectTarget());
        Assert.Equal(1, await BindingsOfAsync(userName));
        using var fresh = App.CreateBrowser();
        using (await fresh.SignInAsync(userName, Password))
        {
            Assert.True(fresh.HasSessionCookie(), "The password changed without a recent sign-in.");
        }

        using (await ConfirmPasswordAsync(browser, "/account/password", Password))
        {
        }

        using var afterConfirm = await browser.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.OK, afterConfirm.StatusCode);
        using var unlinked = await browser.UnlinkAsync(dingTalk);
        Assert.Equal("/account?status=unlinked", unlinked.RedirectTarget());
        Assert.Equal(0, await BindingsOfAsync(userName));
    }

    [Fact]
    public async Task Wrong_passwords_at_the_confirmation_lock_the_account_as_wrong_sign_ins_do()
    {
        var dingTalk = await fixture.NewDingTalkAsync("recent-lock");
        var person = fixture.NewPerson("Lou Lockout");
        var userName = UserAdminSteps.Unique("lou");
        var user = await App.CreateUserAsync(userName, Password, "Lou Lockout");
        await App.BindAsync(user.Id, dingTalk, person.UnionId);
        // Signed in with DingTalk: this browser holds no device cookie, so wrong passwords count toward the lockout.
        using var browser = App.CreateBrowser();
        using (var signedIn = await browser.SignInWithDingTalkAsync(dingTalk, person.UnionId))
        {
            Assert.Equal("/", signedIn.RedirectTarget());
        }

        fixture.LetTheSignInAge();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await ConfirmPasswordAsync(browser, "/account/password", $"Wrong!Guess{attempt:000}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        Assert.True(await App.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync()) is not null);
        using var right = await ConfirmPasswordAsync(browser, "/account/password", Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal("Too many wrong passwords for this account. Wait a while and try again.", Html.AlertText(await right.Content.ReadAsStringAsync()));
        using var stillRefused = await browser.GetAsync("/account/password");
        Assert.Equal(ConfirmUrl("/account/password"), stillRefused.RedirectTarget());
        using var elsewhere = App.CreateBrowser();
        using (await elsewhere.SignInAsync(userName, Password))
        {
            Assert.False(elsewhere.HasSessionCookie(), "A locked-out account signed in with its password.");
        }
    }

    [Fact]
    public async Task A_user_without_a_password_confirms_with_a_fresh_sign_in_through_their_own_DingTalk_binding()
    {
        var first = await fixture.NewDingTalkAsync("recent-own");
        var second = await fixture.NewDingTalkAsync("recent-more");
        var person = fixture.NewPerson("Dora DingTalk");
        using var browser = App.CreateBrowser();
        using (var signedUp = await browser.SignInWithDingTalkAsync(first, person.UnionId))
        {
            Assert.Equal("/", signedUp.RedirectTarget());
        }

        fixture.LetTheSignInAge();
        var action = AccountSteps.LinkAction(second);
        using var refused = await browser.PostAccountFormAsync(action);
        Assert.Equal(ConfirmUrl(action), refused.RedirectTarget());
        var page = await browser.Http.GetStringAsync(refused.RedirectTarget());
        Assert.DoesNotContain("confirm-current-password", page, StringComparison.Ordinal);
        var again = $"/auth/dingtalk/{first}/login?returnUrl={Uri.EscapeDataString(ConfirmUrl(action))}";
        Assert.Contains(System.Net.WebUtility.HtmlEncode(again), page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/auth/dingtalk/{second}/login", page, StringComparison.Ordinal);

        using var challenge = await browser.GetAsync(again);
        using var back = await browser.FollowDingTalkAsync(challenge, person.UnionId);
        Assert.Equal(ConfirmUrl(action), back.RedirectTarget());
        var confirmed = await browser.Http.GetStringAsync(back.RedirectTarget());
        using var link = await browser.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(confirmed, action),
        }));
        using var linked = await browser.FollowDingTalkAsync(link, person.UnionId);

        Assert.Equal("/account?status=linked", linked.RedirectTarget());
    }

    [Fact]
    public async Task A_confirmation_counts_only_for_the_window_and_then_is_asked_again()
    {
        var userName = UserAdminSteps.Unique("win");
        await App.CreateUserAsync(userName, Password, "Win Dow");
        using var browser = await SignedInAsync(userName);
        fixture.LetTheSignInAge();
        using (await ConfirmPasswordAsync(browser, "/account/password", Password))
        {
        }

        using (var allowed = await browser.GetAsync("/account/password"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        fixture.LetTheSignInAge();

        using var refused = await browser.GetAsync("/account/password");
        Assert.Equal(ConfirmUrl("/account/password"), refused.RedirectTarget());
        Assert.NotEmpty(await App.SessionsOfAsync((await App.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == userName))).Id));
    }
}
