using Microsoft.AspNetCore.Diagnostics;

namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// A status page opened by its own address, not re-executed for another request: /not-found, /error/404 and a code no
/// page is worded for (/error/-1, /error/200) are addresses with nothing at them, answered 404 here so that the
/// status-code middleware shows the not-found page for them. Rendering a 404 in the component itself is not an option:
/// Blazor's static rendering drops the body of a page that sets 404 and waits for that re-execution.
/// A status page is rendered as the GET it is, whatever the method it was asked or re-executed with: Blazor would read
/// a POST's body as a form, and one without a form's content type throws (a 500 for a POST to a missing address).
/// </summary>
public static class StatusPageVisits
{
    public const string ErrorPrefix = "/error";
    public const string NotFoundPath = "/not-found";

    /// <summary>The statuses the status page has its own words for; anything else reads as a general failure.</summary>
    public static bool Shows(int code) => code is 400 or 403 or 404 or 405 or 413 or 429 or 500;

    /// <summary>Call right after UseStatusCodePagesWithReExecute, so that its re-execution passes through here.</summary>
    public static IApplicationBuilder UseStatusPageVisits(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (IsNotFound(http.Request.Path) && IsVisitedDirectly(http))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var method = http.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || !IsStatusPage(http.Request.Path))
            {
                await next(http);
                return;
            }

            // Put back afterwards: the request's own logs and telemetry name the method it came with.
            http.Request.Method = HttpMethods.Get;
            try
            {
                await next(http);
            }
            finally
            {
                http.Request.Method = method;
            }
        });

    /// <summary>Opened by its own address: neither re-executed for another request's status nor for its exception.</summary>
    public static bool IsVisitedDirectly(HttpContext http) =>
        http.Features.Get<IStatusCodeReExecuteFeature>() is null && http.Features.Get<IExceptionHandlerFeature>() is null;

    private static bool IsStatusPage(PathString path) =>
        path.Equals(NotFoundPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(ErrorPrefix, StringComparison.OrdinalIgnoreCase);

    private static bool IsNotFound(PathString path) =>
        path.Equals(NotFoundPath, StringComparison.OrdinalIgnoreCase)
        || (path.StartsWithSegments(ErrorPrefix, StringComparison.OrdinalIgnoreCase, out var rest)
            && int.TryParse(rest.Value.AsSpan().Trim('/'), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var code)
            && (code == StatusCodes.Status404NotFound || !Shows(code)));
}
