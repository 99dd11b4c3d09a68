using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Infrastructure.Localization;

public static class CultureEndpoint
{
    public const string Path = "/culture";

    /// <summary>The language switcher posts here; the choice lives in the culture cookie, so it survives sign-in and sign-out.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, (HttpContext context, [FromForm] string culture, [FromForm] string? returnUrl, IStringLocalizer<CommonText> L) =>
        {
            if (!LocalizationSetup.SupportedCultures.Contains(culture, StringComparer.Ordinal))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                    detail: L["UnsupportedCulture", string.Join(", ", LocalizationSetup.SupportedCultures)]);
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    IsEssential = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                });
            return Results.LocalRedirect(LocalUrl.OrDefault(returnUrl, "/"));
        }).AllowAnonymous().DisableRateLimiting();
        return endpoints;
    }
}
