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
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(DefaultCulture)
                .AddSupportedCultures(SupportedCultures)
                .AddSupportedUICultures(SupportedCultures);
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The order is the product's rule: the switcher's cookie, then the browser, then English.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    public static CultureInfo Default => CultureInfo.GetCultureInfo(DefaultCulture);
}
