using System.Net;
using System.Text.Json.Nodes;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Localization;

/// <summary>The portal and the console in each language, over real HTTP: cookie first, then Accept-Language, then English.</summary>
public sealed class CultureTests : IAsyncLifetime
{
    private readonly TestApp app = new();

    public async Task InitializeAsync()
    {
        await app.WithScopeAsync(async services =>
        {
            await services.GetRequiredService<PluginService>().SetEnabledAsync(DingTalkPlugin.PluginName, true);
            var created = await services.GetRequiredService<AuthenticatorStore>().CreateAsync(new AuthenticatorInput(
                "dingtalk", DingTalkPlugin.TypeName, Title: null, Description: null, Enabled: true,
                new JsonObject { ["clientId"] = "id", ["clientSecret"] = "secret" }));
            Assert.True(created.Succeeded);
            return true;
        });
    }

    public Task DisposeAsync()
    {
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("en-US", "Sign-in", "Sign in via DingTalk", "Email or user name")]
    [InlineData("zh-CN", "登录", "钉钉登录", "邮箱或用户名")]
    [InlineData("nl-NL", "Inloggen", "Inloggen via DingTalk", "E-mailadres of gebruikersnaam")]
    public async Task Sign_in_page_speaks_the_chosen_language(string culture, string heading, string dingTalkButton, string loginLabel)
    {
        using var browser = app.CreateBrowser();
        await ChooseAsync(browser, culture);

        var html = WebUtility.HtmlDecode(await browser.Http.GetStringAsync("/signin"));

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains($">{heading}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"mud-button-label\">{dingTalkButton}</span>", html, StringComparison.Ordinal);
        Assert.Contains($">{loginLabel}</label>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "Auth UID", "Auth Type", "Authenticators")]
    [InlineData("zh-CN", "认证标识", "认证类型", "认证器")]
    [InlineData("nl-NL", "Auth UID", "Authenticatietype", "Authenticators")]
    public async Task Authenticators_list_speaks_the_chosen_language(string culture, string uidHeader, string typeHeader, string subtitle)
    {
        using var browser = app.CreateBrowser();
        await ChooseAsync(browser, culture);
        Assert.Equal("/admin", (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword)).RedirectTarget());

        var html = WebUtility.HtmlDecode(await browser.Http.GetStringAsync("/admin/authenticators"));

        Assert.Contains($">{uidHeader}</th>", html, StringComparison.Ordinal);
        Assert.Contains($">{typeHeader}</th>", html, StringComparison.Ordinal);
        Assert.Contains(subtitle, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chinese_pages_carry_characters_rather_than_entities()
    {
        using var browser = app.CreateBrowser();
        await ChooseAsync(browser, "zh-CN");

        var raw = await browser.Http.GetStringAsync("/signin");

        Assert.Contains("钉钉登录", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x9489;", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Browser_language_applies_when_nothing_was_chosen()
    {
        using var browser = app.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl-NL,nl;q=0.9,en;q=0.5");

        var html = await browser.Http.GetStringAsync("/signin");

        Assert.Contains("<html lang=\"nl-NL\"", html, StringComparison.Ordinal);
        Assert.Contains("Inloggen via DingTalk", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nl-BE,nl;q=0.9,en;q=0.5", "nl-NL", "Inloggen via DingTalk")]
    [InlineData("zh-TW,zh;q=0.8", "zh-CN", "钉钉登录")]
    [InlineData("fr-FR,en-GB;q=0.7", "en-US", "Sign in via DingTalk")]
    public async Task Browser_language_from_another_region_gets_that_language(string acceptLanguage, string culture, string dingTalkButton)
    {
        using var browser = app.CreateBrowser();
        browser.Http.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        var html = WebUtility.HtmlDecode(await browser.Http.GetStringAsync("/signin"));

        Assert.Contains($"<html lang=\"{culture}\"", html, StringComparison.Ordinal);
        Assert.Contains(dingTalkButton, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chosen_language_beats_the_browser_language()
    {
        using var browser = app.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl-NL");
        await ChooseAsync(browser, "zh-CN");

        var html = WebUtility.HtmlDecode(await browser.Http.GetStringAsync("/signin"));

        Assert.Contains("钉钉登录", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_browser_language_falls_back_to_english()
    {
        using var browser = app.CreateBrowser();
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");

        var html = await browser.Http.GetStringAsync("/signin");

        Assert.Contains("<html lang=\"en-US\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in via DingTalk", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chosen_language_survives_sign_in_and_sign_out()
    {
        using var browser = app.CreateBrowser();
        await ChooseAsync(browser, "nl-NL");

        Assert.Equal("/admin", (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword)).RedirectTarget());
        Assert.Contains("Beheerconsole", await browser.Http.GetStringAsync("/admin"), StringComparison.Ordinal);
        var home = await browser.Http.GetStringAsync("/");
        var signOut = await browser.Http.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(home, "/signout"),
        }));
        Assert.Equal("/signin?signedOut=1", signOut.RedirectTarget());

        Assert.Contains(">Inloggen</h1>", await browser.Http.GetStringAsync("/signin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_refusals_speak_the_chosen_language()
    {
        using var browser = app.CreateBrowser();
        await ChooseAsync(browser, "nl-NL");
        Assert.Equal("/admin", (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword)).RedirectTarget());

        var response = await browser.SubmitFormAsync("/account/password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = TestApp.AdminPassword,
            ["Input.NewPassword"] = "kort",
            ["Input.ConfirmPassword"] = "kort",
        });

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Het wachtwoord moet minstens 8 tekens hebben.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Passwords must be at least", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switcher_refuses_an_unsupported_language_and_an_external_return_url()
    {
        using var browser = app.CreateBrowser();
        var page = await browser.Http.GetStringAsync("/signin");
        var token = Html.AntiforgeryTokenForAction(page, "/culture");

        var unsupported = await browser.Http.PostAsync("/culture", Form(token, "fr-FR", "/signin"));
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);

        var external = await browser.Http.PostAsync("/culture", Form(token, "zh-CN", "https://evil.example/"));
        Assert.Equal("/", external.RedirectTarget());
    }

    private static async Task ChooseAsync(BrowserClient browser, string culture)
    {
        var page = await browser.Http.GetStringAsync("/signin");
        var response = await browser.Http.PostAsync("/culture", Form(Html.AntiforgeryTokenForAction(page, "/culture"), culture, "/signin"));
        Assert.Equal("/signin", response.RedirectTarget());
    }

    private static FormUrlEncodedContent Form(string token, string culture, string returnUrl) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["culture"] = culture,
        ["returnUrl"] = returnUrl,
    });
}
