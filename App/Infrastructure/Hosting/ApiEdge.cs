using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;
using BlazorAuth.Infrastructure.Localization;

namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// What every /api request meets before its endpoint: unsafe methods only from the app's own origin (a body-less POST
/// such as lock or reset-password carries no content type to check, and SameSite=Lax does not cover a sibling
/// subdomain or another port of the same host), a body limit, and problem details for every error answer, an unknown
/// route included, never the HTML status page.
/// </summary>
public static class ApiEdge
{
    public const string PathPrefix = "/api";
    public const long MaxBodyBytes = 64 * 1024;

    public static IApplicationBuilder UseApiEdge(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(PathPrefix))
            {
                await next(context);
                return;
            }

            // Status-code pages would re-execute an /api error as the HTML error page.
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            var text = context.RequestServices.GetRequiredService<IStringLocalizer<CommonText>>();
            if (IsUnsafe(context.Request.Method) && !IsSameOrigin(context))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: text["ApiCrossSite"]).ExecuteAsync(context);
                return;
            }

            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await TooLargeAsync(context, text);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                // A chunked body past the limit, or one the server could not read.
                context.Response.Clear();
                if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    await TooLargeAsync(context, text);
                }
                else
                {
                    await Results.Problem(statusCode: ex.StatusCode, detail: text["ApiBadRequest"]).ExecuteAsync(context);
                }

                return;
            }

            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0
                && context.Response.ContentType is null)
            {
                // Routing answers 415 itself for a body that is not the JSON a route accepts.
                var detail = context.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType ? text["ApiJsonRequired"].Value : null;
                await Results.Problem(statusCode: context.Response.StatusCode, detail: detail).ExecuteAsync(context);
            }
        });

    private static Task TooLargeAsync(HttpContext context, IStringLocalizer<CommonText> text) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: text["ApiBodyTooLarge", MaxBodyBytes / 1024]).ExecuteAsync(context);

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>
    /// Browsers say where a request comes from: <c>Sec-Fetch-Site</c> (absent from older browsers and non-browser
    /// clients) and <c>Origin</c> (on every cross-origin request, and on same-origin unsafe ones).
    /// </summary>
    private static bool IsSameOrigin(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers["Sec-Fetch-Site"] is { Count: > 0 } site && !string.Equals(site.ToString(), "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (headers.Origin is not { Count: > 0 } originHeader)
        {
            return true;
        }

        if (!Uri.TryCreate(originHeader.ToString(), UriKind.Absolute, out var origin))
        {
            return false;
        }

        var own = context.RequestServices.GetRequiredService<PublicBaseUrl>();
        var request = new Uri($"{context.Request.Scheme}://{context.Request.Host.ToUriComponent()}");
        return SameOrigin(origin, request) || SameOrigin(origin, own.For(context.Request));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
