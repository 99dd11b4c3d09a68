using System.Net;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.DingTalk;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Kite;

/// <summary>Signing in with Kite, a provider the app never heard of: resolution, refusals and the state checks come from the core.</summary>
public sealed class KiteSignInTests(KiteApp fixture) : IClassFixture<KiteApp>
{
    private TestApp App => fixture.App;

    private KiteServer Kite => fixture.Kite;

    [Fact]
    public async Task Signing_in_with_Kite_signs_up_a_new_user_and_lands_on_the_home_page()
    {
        var name = await fixture.AddAuthenticatorAsync("signup");
        var person = Kite.AddPerson("Kara Kite", email: "kara@kite.example");
        using var browser = App.CreateBrowser();

        Assert.Equal("/", await browser.SignInWithKiteAsync(name, Kite, person));

        Assert.Equal("Kara Kite", await browser.HomeNameAsync());
        var binding = Assert.Single(await App.KiteBindingsAsync(name));
        Assert.Equal(person.Subject, binding.ProviderKey);
        var user = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == binding.UserId));
        Assert.Equal(person.Phone, user.PhoneNumber);
        Assert.Equal("kara@kite.example", user.Email);
    }

    [Fact]
    public async Task A_Kite_person_with_the_phone_number_of_an_existing_user_signs_in_as_that_user()
    {
        var name = await fixture.AddAuthenticatorAsync("phone");
        var person = Kite.AddPerson("Paula at Kite");
        await App.CreateUserWithPhoneAsync(KiteApp.NewName("paula"), "Paula Phone", person.Phone!);
        var users = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        Assert.Equal("/", await browser.SignInWithKiteAsync(name, Kite, person));

        Assert.Equal("Paula Phone", await browser.HomeNameAsync());
        Assert.Equal(users, await App.UserCountAsync());
    }

    [Fact]
    public async Task Without_auto_sign_up_an_unknown_Kite_person_is_told_the_user_was_not_found()
    {
        var name = await fixture.AddAuthenticatorAsync("nosignup", autoSignup: false);
        var person = Kite.AddPerson("Nobody Known");
        var users = await App.UserCountAsync();
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithKiteAsync(name, Kite, person);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.UserNotFound}", target);
        Assert.Equal("User not found", await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(users, await App.UserCountAsync());
    }

    [Fact]
    public async Task A_Kite_phone_match_on_an_administrator_is_refused_in_words_that_do_not_name_DingTalk()
    {
        var name = await fixture.AddAuthenticatorAsync("admin-phone");
        var person = Kite.AddPerson("Not The Admin");
        var admin = KiteApp.NewName("ada");
        await App.CreateUserAsync(admin, KiteApp.Password, "Ada Admin", "Admin");
        await App.SetPhoneAsync(admin, person.Phone);
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithKiteAsync(name, Kite, person);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.AdminMustLink}", target);
        Assert.Equal(
            "This mobile number belongs to an administrator, who is never signed in by phone number. Sign in with your password, then link this sign-in method from My account.",
            await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Empty(await App.KiteBindingsAsync(name));
    }

    [Fact]
    public async Task Cancelling_at_Kite_says_so_in_Kites_own_words()
    {
        var name = await fixture.AddAuthenticatorAsync("cancel");
        var tokenRequests = Kite.TokenRequests;
        using var browser = App.CreateBrowser();

        var target = await browser.SignInWithKiteAsync(name, Kite, person: null);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.ConsentDenied}", target);
        Assert.Equal("The Kite sign-in was cancelled.", await browser.SignInErrorShownAsync(target));
        Assert.Equal(tokenRequests, Kite.TokenRequests);
    }

    [Fact]
    public async Task A_replayed_Kite_callback_is_refused_before_its_code_reaches_Kite()
    {
        var name = await fixture.AddAuthenticatorAsync("replay");
        var person = Kite.AddPerson("Rita Replay");
        using var browser = App.CreateBrowser();
        var callback = await browser.AuthorizeWithKiteAsync(name, Kite, person);
        using var eavesdropper = App.CreateBrowser();
        eavesdropper.Cookies.Add(browser.Cookies.GetCookies(new Uri(callback)));
        Assert.Equal("/", await browser.FollowCallbackAsync(callback));
        var tokenRequests = Kite.TokenRequests;

        var target = await eavesdropper.FollowCallbackAsync(callback);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.StateReplayed}", target);
        Assert.Equal("This sign-in was already completed once. Please start again from this page.", await eavesdropper.SignInErrorShownAsync(target));
        Assert.False(eavesdropper.HasSessionCookie());
        Assert.Equal(tokenRequests, Kite.TokenRequests);
        Assert.Single(await App.KiteBindingsAsync(name));
    }

    [Fact]
    public async Task A_Kite_callback_more_than_ten_minutes_after_the_start_is_refused_before_its_code_reaches_Kite()
    {
        var name = await fixture.AddAuthenticatorAsync("expired");
        var person = Kite.AddPerson("Eddie Expired");
        using var browser = App.CreateBrowser();
        var callback = await browser.AuthorizeWithKiteAsync(name, Kite, person);
        var tokenRequests = Kite.TokenRequests;

        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        var target = await browser.FollowCallbackAsync(callback);

        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.StateExpired}", target);
        Assert.Equal("The sign-in took too long and has expired. Please start again.", await browser.SignInErrorShownAsync(target));
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(tokenRequests, Kite.TokenRequests);
        Assert.Empty(await App.KiteBindingsAsync(name));
    }

    [Fact]
    public async Task Disabling_the_Kite_authenticator_ends_the_sessions_signed_in_through_it()
    {
        var name = await fixture.AddAuthenticatorAsync("off");
        var person = Kite.AddPerson("Olga Off");
        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithKiteAsync(name, Kite, person));
        Assert.Equal("Olga Off", await browser.HomeNameAsync());

        await fixture.SetEnabledAsync(name, enabled: false);

        using var response = await browser.GetAsync("/");
        Assert.StartsWith("/signin", response.RedirectTarget(), StringComparison.Ordinal);
        Assert.False(browser.HasSessionCookie(), "The ended session's cookie should be gone.");
        using var login = await browser.GetAsync($"/auth/kite/{name}/login");
        Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.AuthenticatorUnavailable}", login.RedirectTarget());
    }

    [Fact]
    public async Task The_admin_sees_a_Kite_binding_in_the_users_details()
    {
        var name = await fixture.AddAuthenticatorAsync("details", title: "Kite for staff");
        var person = Kite.AddPerson("Dana Details");
        using (var browser = App.CreateBrowser())
        {
            Assert.Equal("/", await browser.SignInWithKiteAsync(name, Kite, person));
        }

        var userId = Assert.Single(await App.KiteBindingsAsync(name)).UserId;
        var details = (await fixture.Admin.GetAsync($"/api/users/{userId}")).ShouldBe(HttpStatusCode.OK).Json;

        var binding = Assert.Single(details.GetProperty("bindings").EnumerateArray());
        Assert.Equal(name, binding.GetProperty("authenticator").GetString());
        Assert.Equal("Kite for staff", binding.GetProperty("authenticatorTitle").GetString());
        Assert.Equal(KitePlugin.TypeName, binding.GetProperty("authenticatorType").GetString());
        Assert.Equal("Dana Details", binding.GetProperty("nick").GetString());
        Assert.Equal(person.Subject, binding.GetProperty("providerKey").GetString());
        Assert.Equal(person.Subject, binding.GetProperty("subject").GetString());
        Assert.False(binding.TryGetProperty("unionId", out _));
    }
}
