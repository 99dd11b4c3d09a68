using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

namespace BlazorAuth.Infrastructure.Localization;

public static class LocalizationSetup
{
    public static readonly string[] SupportedCultures = ["en-US", "zh-CN", "nl-NL"];

    public const string DefaultCulture = "en-US";

    public static WebApplicationBuilder AddAppLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        // Chinese pages would otherwise carry every character as an &#x…; entity, several times their size.
        builder.Services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(ApplyProductRules);
        return builder;
    }

    /// <summary>The order is the product's rule: the switcher's cookie, then the browser's language, then English.</summary>
    internal static void ApplyProductRules(RequestLocalizationOptions options)
    {
        options.SetDefaultCulture(DefaultCulture)
            .AddSupportedCultures(SupportedCultures)
            .AddSupportedUICultures(SupportedCultures);
        // Both providers name a supported culture or nothing. Parent fallback would only try CultureInfo on whatever
        // a client sent and throw for "*" or garbage; none of our cultures is the parent of another.
        options.FallBackToParentCultures = false;
        options.FallBackToParentUICultures = false;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new BrowserLanguageProvider(SupportedCultures),
        ];
    }

    public static CultureInfo Default => CultureInfo.GetCultureInfo(DefaultCulture);
}
