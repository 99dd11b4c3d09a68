using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk.Enterprise;

/// <summary>"Show on the sign-in page" and "Button icon" on /signin, beside the Password form.</summary>
public sealed class DingTalkSignInPageTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task A_hidden_authenticator_has_no_button_yet_its_login_URL_still_leads_to_DingTalk()
    {
        var shown = DingTalkApp.NewName("shown");
        var hidden = DingTalkApp.NewName("hidden");
        await dingTalk.Admin.AddAuthenticatorAsync(shown);
        await dingTalk.Admin.AddAuthenticatorAsync(hidden, settings: new JsonObject { ["showButton"] = false });
        var person = dingTalk.AddSandboxUser("Intranet Link");
        using var browser = App.CreateBrowser();

        var buttons = await App.SignInButtonsAsync();

        Assert.Contains(shown, buttons);
        Assert.DoesNotContain(hidden, buttons);
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(hidden, person));
    }

    [Fact]
    public async Task The_button_shows_DingTalks_logo_served_by_the_app_unless_the_icon_is_none()
    {
        var withLogo = DingTalkApp.NewName("logo");
        var plain = DingTalkApp.NewName("plain");
        await dingTalk.Admin.AddAuthenticatorAsync(withLogo);
        await dingTalk.Admin.AddAuthenticatorAsync(plain, settings: new JsonObject { ["buttonIcon"] = "none" });
        using var browser = App.CreateBrowser();

        var (_, html) = await browser.GetPageAsync("/signin");
        var document = new HtmlParser().ParseDocument(html);

        var logo = document.QuerySelector($"a[data-authenticator='{withLogo}'] img");
        Assert.NotNull(logo);
        Assert.Equal("/img/dingtalk.svg", logo.GetAttribute("src"));
        Assert.Null(document.QuerySelector($"a[data-authenticator='{plain}'] img"));
        using var svg = await browser.GetAsync("/img/dingtalk.svg");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Go_straight_to_DingTalk_does_nothing_while_the_password_form_is_on_the_page()
    {
        var name = DingTalkApp.NewName("straight-beside-password");
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: new JsonObject { ["autoRedirect"] = true });
        using var browser = App.CreateBrowser();

        using var page = await browser.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}

/// <summary>"Go straight to DingTalk" where DingTalk is the only way in: each test has an app of its own, with Password disabled.</summary>
public sealed class DingTalkAutoRedirectTests
{
    private static readonly JsonObject Straight = new() { ["autoRedirect"] = true };

    /// <summary>An app whose only usable authenticator is the DingTalk one named "only" (the admin is bound to it, so Password may go).</summary>
    private static async Task<DingTalkApp> OnlyDingTalkAsync(JsonObject? settings = null, bool autoSignup = true)
    {
        var dingTalk = await DingTalkApp.StartAsync();
        await dingTalk.Admin.AddAuthenticatorAsync("only", autoSignup: autoSignup, settings: settings);
        await dingTalk.App.BindAsync(await dingTalk.App.UserIdAsync(TestApp.AdminEmail), "only", "admin-union");
        using var response = await dingTalk.Admin.Browser.Http.PutAsJsonAsync("/api/authenticators/basic", new { enabled = false, options = new { } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return dingTalk;
    }

    [Fact]
    public async Task The_sign_in_page_sends_the_browser_straight_to_the_only_authenticators_login_keeping_the_return_URL()
    {
        await using var dingTalk = new Disposing(await OnlyDingTalkAsync(Straight));
        using var browser = dingTalk.Host.App.CreateBrowser();

        using var plain = await browser.GetAsync("/signin");
        using var withReturn = await browser.GetAsync("/signin?returnUrl=%2Faccount");

        Assert.Equal("/auth/dingtalk/only/login", plain.RedirectTarget());
        Assert.Equal("/auth/dingtalk/only/login?returnUrl=%2Faccount", withReturn.RedirectTarget());
    }

    [Theory]
    [InlineData("/signin?manual=1")]
    [InlineData("/signin?authenticator=only&error=user_not_found")]
    [InlineData("/signin?error=state_invalid")]
    [InlineData("/signin?signedOut=1")]
    public async Task The_sign_in_page_shows_itself_when_asked_after_a_refusal_and_after_a_sign_out(string url)
    {
        await using var dingTalk = new Disposing(await OnlyDingTalkAsync(Straight));
        using var browser = dingTalk.Host.App.CreateBrowser();

        using var page = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-authenticator=\"only\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_sign_in_ends_on_the_page_with_its_message_instead_of_looping_back_to_DingTalk()
    {
        await using var dingTalk = new Disposing(await OnlyDingTalkAsync(Straight, autoSignup: false));
        var person = dingTalk.Host.AddSandboxUser("Stranger");
        using var browser = dingTalk.Host.App.CreateBrowser();
        using var start = await browser.GetAsync("/signin");
        Assert.Equal("/auth/dingtalk/only/login", start.RedirectTarget());

        var target = await browser.SignInWithDingTalkAsync("only", person);

        Assert.Equal($"/signin?authenticator=only&error={SignInErrors.UserNotFound}", target);
        Assert.Equal("User not found", await browser.SignInErrorShownAsync(target));
    }

    [Fact]
    public async Task Signing_out_lands_on_a_sign_in_page_that_stays()
    {
        await using var dingTalk = new Disposing(await OnlyDingTalkAsync(Straight));
        var person = dingTalk.Host.AddSandboxUser("Leaves Soon");
        using var browser = dingTalk.Host.App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync("only", person));

        using var signOut = await browser.SignOutAsync("/");
        var target = signOut.RedirectTarget();
        using var page = await browser.GetAsync(target);

        Assert.Equal("/signin?signedOut=1", target);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Without_the_setting_or_with_a_second_button_the_page_stays_and_a_hidden_second_does_not_count()
    {
        await using var dingTalk = new Disposing(await OnlyDingTalkAsync());
        using var browser = dingTalk.Host.App.CreateBrowser();
        using (var off = await browser.GetAsync("/signin"))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        await dingTalk.Host.Admin.ChangeSettingsAsync("only", o => o["autoRedirect"] = true);
        await dingTalk.Host.Admin.AddAuthenticatorAsync("second");
        using (var two = await browser.GetAsync("/signin"))
        {
            Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        }

        await dingTalk.Host.Admin.ChangeSettingsAsync("second", o => o["showButton"] = false);
        using var hiddenSecond = await browser.GetAsync("/signin");
        Assert.Equal("/auth/dingtalk/only/login", hiddenSecond.RedirectTarget());
    }

    private sealed class Disposing(DingTalkApp app) : IAsyncDisposable
    {
        public DingTalkApp Host { get; } = app;

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }
}
