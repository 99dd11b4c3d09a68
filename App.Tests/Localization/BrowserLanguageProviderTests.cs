using System.Globalization;
using BlazorAuth.Infrastructure.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Localization;

/// <summary>The app's request-localization rules run by the framework's own middleware, on headers a client controls.</summary>
public sealed class BrowserLanguageProviderTests
{
    private static readonly AsyncLocal<bool> Watching = new();
    private static int culturesNotFound;

    static BrowserLanguageProviderTests() =>
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (Watching.Value && e.Exception is CultureNotFoundException)
            {
                Interlocked.Increment(ref culturesNotFound);
            }
        };

    private static async Task<(string Culture, string UiCulture, int Thrown)> LocaliseAsync(string? acceptLanguage, string? cookie = null)
    {
        var options = new RequestLocalizationOptions();
        LocalizationSetup.ApplyProductRules(options);
        RequestCulture? seen = null;
        var middleware = new RequestLocalizationMiddleware(context =>
        {
            seen = context.Features.Get<IRequestCultureFeature>()!.RequestCulture;
            return Task.CompletedTask;
        }, Options.Create(options), NullLoggerFactory.Instance);
        var context = new DefaultHttpContext();
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{CookieRequestCultureProvider.DefaultCookieName}={cookie}";
        }

        var before = Volatile.Read(ref culturesNotFound);
        Watching.Value = true;
        try
        {
            await middleware.Invoke(context);
        }
        finally
        {
            Watching.Value = false;
        }

        return (seen!.Culture.Name, seen.UICulture.Name, Volatile.Read(ref culturesNotFound) - before);
    }

    [Theory]
    [InlineData("nl-NL", "nl-NL")]
    [InlineData("NL-nl", "nl-NL")]
    [InlineData("nl-BE,en;q=0.9", "nl-NL")]
    [InlineData("nl", "nl-NL")]
    [InlineData("zh-Hans-CN", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("en-GB", "en-US")]
    [InlineData("fr-FR,nl;q=0.8,en;q=0.5", "nl-NL")]
    [InlineData("en;q=0.5,zh;q=0.9", "zh-CN")]
    public async Task Browser_language_picks_the_supported_culture_of_its_best_language(string acceptLanguage, string expected)
    {
        var (culture, uiCulture, _) = await LocaliseAsync(acceptLanguage);

        Assert.Equal(expected, culture);
        Assert.Equal(expected, uiCulture);
    }

    [Theory]
    [InlineData("nl-NL;q=0,zh-CN;q=0.1", "zh-CN")]
    [InlineData("nl;q=0", "en-US")]
    public async Task A_language_the_browser_refuses_with_q_0_is_never_chosen(string acceptLanguage, string expected) =>
        Assert.Equal(expected, (await LocaliseAsync(acceptLanguage)).UiCulture);

    [Theory]
    [InlineData("*")]
    [InlineData("*, xx-garbage-!!")]
    [InlineData("x-klingon-tlh")]
    [InlineData("12345678901234567890")]
    [InlineData(";;;,,,q=")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_wildcard_or_malformed_language_gets_english_without_throwing(string? acceptLanguage)
    {
        var (culture, uiCulture, thrown) = await LocaliseAsync(acceptLanguage);

        Assert.Equal(("en-US", "en-US"), (culture, uiCulture));
        Assert.Equal(0, thrown);
    }

    [Fact]
    public async Task A_forged_culture_cookie_gets_the_browser_language_without_throwing()
    {
        var (culture, _, thrown) = await LocaliseAsync("nl-BE", cookie: "c%3D%2A%7Cuic%3Dxx-%21%21");

        Assert.Equal("nl-NL", culture);
        Assert.Equal(0, thrown);
    }

    [Fact]
    public async Task The_chosen_language_cookie_beats_the_browser()
    {
        var cookie = Uri.EscapeDataString(CookieRequestCultureProvider.MakeCookieValue(new RequestCulture("zh-CN")));

        Assert.Equal("zh-CN", (await LocaliseAsync("nl-NL", cookie)).UiCulture);
    }

    [Fact]
    public async Task Only_the_first_languages_by_quality_are_tried()
    {
        var header = string.Join(",", Enumerable.Range(0, BrowserLanguageProvider.MaximumLanguagesTried).Select(i => $"x{i}-aa;q=0.9")) + ",nl;q=0.1";

        Assert.Equal("en-US", (await LocaliseAsync(header)).UiCulture);
    }
}
