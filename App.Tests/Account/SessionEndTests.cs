using System.Net;
using System.Security.Claims;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Account;

/// <summary>
/// "Sessions end when they should": a session signed in through an authenticator ends once that authenticator is
/// disabled, deleted or its plugin deactivated; a session signed in another way carries on. Sessions revalidate on
/// every request here, so "within the interval" is "on the next request".
/// </summary>
public sealed class SessionEndTests(AccountAppFixture fixture) : IClassFixture<AccountAppFixture>
{
    private TestApp App => fixture.App;

    private async Task<BrowserClient> SignedInWithDingTalkAsync(string authenticator, string nick)
    {
        var person = fixture.NewDingTalkPerson(nick);
        var browser = App.CreateBrowser();
        using var signedIn = await browser.SignInWithDingTalkAsync(authenticator, person.UnionId);
        Assert.Equal("/", signedIn.RedirectTarget());
        var (status, home) = await browser.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(nick, home, StringComparison.Ordinal);
        return browser;
    }

    private static async Task AssertSentToSignInAsync(BrowserClient browser)
    {
        using var response = await browser.GetAsync("/");
        Assert.StartsWith("/signin", response.RedirectTarget(), StringComparison.Ordinal);
        Assert.False(browser.HasSessionCookie(), "The ended session's cookie should be gone.");
    }

    private static async Task AssertStillSignedInAsync(BrowserClient browser, string name)
    {
        var (status, home) = await browser.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(name, home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_an_authenticator_ends_the_sessions_signed_in_through_it_but_not_a_password_session()
    {
        await fixture.CreateDingTalkAsync("off-switch", "Off Switch DingTalk");
        using var dingTalk = await SignedInWithDingTalkAsync("off-switch", "Dora Disabled");
        await App.CreateUserAsync("pia", AccountAppFixture.Password, "Pia Password");
        using var password = await fixture.SignedInAsync("pia");

        await fixture.SetEnabledAsync("off-switch", "Off Switch DingTalk", enabled: false);

        await AssertSentToSignInAsync(dingTalk);
        await AssertStillSignedInAsync(password, "Pia Password");
    }

    [Fact]
    public async Task Deleting_an_authenticator_ends_the_sessions_signed_in_through_it()
    {
        await fixture.CreateDingTalkAsync("short-lived", "Short-lived DingTalk");
        await fixture.CreateDingTalkAsync("long-lived", "Long-lived DingTalk");
        using var doomed = await SignedInWithDingTalkAsync("short-lived", "Del Deleted");
        using var other = await SignedInWithDingTalkAsync("long-lived", "Olga Other");

        (await fixture.Admin.DeleteAsync("/api/authenticators/short-lived")).ShouldBe(HttpStatusCode.NoContent);

        await AssertSentToSignInAsync(doomed);
        await AssertStillSignedInAsync(other, "Olga Other");
    }

    [Fact]
    public async Task Deactivating_the_DingTalk_plugin_ends_DingTalk_sessions_and_signing_in_again_works_once_it_is_back()
    {
        await fixture.CreateDingTalkAsync("plugin-bound", "Plugin-bound DingTalk");
        var person = fixture.NewDingTalkPerson("Pat Plugin");
        using var browser = App.CreateBrowser();
        using (var first = await browser.SignInWithDingTalkAsync("plugin-bound", person.UnionId))
        {
            Assert.Equal("/", first.RedirectTarget());
        }

        await App.CreateUserAsync("quinn", AccountAppFixture.Password, "Quinn Password");
        using var password = await fixture.SignedInAsync("quinn");

        await fixture.Admin.SetPluginAsync(AuthenticatorTestData.DingTalkPlugin, false);
        try
        {
            await AssertSentToSignInAsync(browser);
            await AssertStillSignedInAsync(password, "Quinn Password");
        }
        finally
        {
            await fixture.Admin.SetPluginAsync(AuthenticatorTestData.DingTalkPlugin, true);
        }

        using var again = await browser.SignInWithDingTalkAsync("plugin-bound", person.UnionId);
        Assert.Equal("/", again.RedirectTarget());
        await AssertStillSignedInAsync(browser, "Pat Plugin");
    }

    [Fact]
    public async Task Changing_the_password_ends_the_users_other_sessions_and_keeps_this_one()
    {
        await App.CreateUserAsync("rita", AccountAppFixture.Password, "Rita Rotate");
        using var here = await fixture.SignedInAsync("rita");
        using var elsewhere = await fixture.SignedInAsync("rita");

        using var changed = await here.SubmitFormAsync("/account/password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountAppFixture.Password,
            ["Input.NewPassword"] = "Rotated!Pass98765",
            ["Input.ConfirmPassword"] = "Rotated!Pass98765",
        });

        Assert.Equal("/", changed.RedirectTarget());
        await AssertStillSignedInAsync(here, "Rita Rotate");
        await AssertSentToSignInAsync(elsewhere);
    }

    [Fact]
    public async Task A_live_console_circuit_is_refused_once_the_authenticator_it_signed_in_through_is_disabled()
    {
        await fixture.CreateDingTalkAsync("circuit-switch", "Circuit DingTalk");
        var admin = await App.WithScopeAsync(async services =>
            await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(TestApp.AdminEmail));
        var person = fixture.NewDingTalkPerson("Cid Circuit");
        using var browser = App.CreateBrowser();
        using (await browser.SignInWithDingTalkAsync("circuit-switch", person.UnionId))
        {
        }

        var dingTalkUserId = await App.WithDbAsync(db => Task.FromResult(db.UserBindings.Single(b => b.ProviderKey == person.UnionId).UserId));

        await using var scope = App.Services.CreateAsyncScope();
        var provider = (RevalidatingIdentityAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var dingTalkCircuit = await PrincipalAsync(scope.ServiceProvider, dingTalkUserId, "circuit-switch");
        var passwordCircuit = await PrincipalAsync(scope.ServiceProvider, admin!.Id, "basic");
        Assert.True(await provider.IsStillValidAsync(dingTalkCircuit));

        await fixture.SetEnabledAsync("circuit-switch", "Circuit DingTalk", enabled: false);

        Assert.False(await provider.IsStillValidAsync(dingTalkCircuit));
        Assert.True(await provider.IsStillValidAsync(passwordCircuit));
    }

    [Fact]
    public async Task An_administrators_lock_ends_their_session_and_their_live_console_circuit()
    {
        var user = await App.CreateUserAsync("lockie", AccountAppFixture.Password, "Lockie Locked");
        await using var scope = App.Services.CreateAsyncScope();
        var provider = (RevalidatingIdentityAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var circuit = await PrincipalAsync(scope.ServiceProvider, user.Id, "basic");
        using var browser = await fixture.SignedInAsync("lockie");
        Assert.True(await provider.IsStillValidAsync(circuit));

        await App.LockOutAsync("lockie");

        Assert.False(await provider.IsStillValidAsync(circuit));
        await AssertSentToSignInAsync(browser);
    }

    /// <summary>The principal a sign-in through <paramref name="authenticator"/> would give the user's circuit.</summary>
    private static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string userId, string authenticator)
    {
        var signIn = services.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.UserManager.FindByIdAsync(userId) ?? throw new InvalidOperationException($"No user {userId}.");
        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.AuthenticationMethod, authenticator));
        return await services.InNewSessionAsync(principal);
    }
}
