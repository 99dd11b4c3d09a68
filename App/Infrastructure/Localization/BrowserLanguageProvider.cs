using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace BlazorAuth.Infrastructure.Localization;

/// <summary>
/// The browser's Accept-Language matched to the product's languages by language, not by exact tag: "nl-BE" and "nl"
/// get Dutch, "zh", "zh-Hans" and "zh-TW" Chinese. The stock provider needs the exact tag or a supported parent, and
/// our cultures have none ("nl" and "zh" are not among them); with parent fallback it also threw and caught a
/// <see cref="System.Globalization.CultureNotFoundException"/> for every "*" or malformed tag, on every request.
/// </summary>
public sealed class BrowserLanguageProvider(IReadOnlyList<string> supportedCultures) : RequestCultureProvider
{
    /// <summary>Languages looked at, best first; a header is the client's to make as long as it likes.</summary>
    internal const int MaximumLanguagesTried = 8;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var languages = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        if (languages is not { Count: > 0 })
        {
            return NullProviderCultureResult;
        }

        foreach (var language in languages.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1).Take(MaximumLanguagesTried))
        {
            if (Match(language.Value.Value) is { } culture)
            {
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture));
            }
        }

        return NullProviderCultureResult;
    }

    internal string? Match(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag == "*")
        {
            return null;
        }

        foreach (var culture in supportedCultures)
        {
            if (string.Equals(culture, tag, StringComparison.OrdinalIgnoreCase))
            {
                return culture;
            }
        }

        var language = LanguageOf(tag);
        foreach (var culture in supportedCultures)
        {
            if (language.Equals(LanguageOf(culture), StringComparison.OrdinalIgnoreCase))
            {
                return culture;
            }
        }

        return null;
    }

    private static ReadOnlySpan<char> LanguageOf(string tag) => tag.AsSpan(0, tag.IndexOf('-') is var dash and >= 0 ? dash : tag.Length);
}
