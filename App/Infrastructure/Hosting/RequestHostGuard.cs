using BlazorAuth.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// A request whose host (its Host header, or X-Forwarded-Host from a trusted proxy) is empty or is no valid host gets a
/// plain-text 400 here. HTTP/1.1 allows an empty Host, and the forwarded-headers middleware takes a port out of range;
/// every page builds absolute addresses from the host, and Blazor throws on one it cannot parse: a 500, in the status
/// page that would explain it too. Kestrel refuses other malformed Host headers itself.
/// </summary>
public static class RequestHostGuard
{
    /// <summary>After the forwarded headers (the host they set counts) and the request's culture (the answer's words).</summary>
    public static IApplicationBuilder UseRequestHostGuard(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (IsUsable(http.Request.Host))
            {
                await next(http);
                return;
            }

            var text = http.RequestServices.GetRequiredService<IStringLocalizer<CommonText>>();
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(text["InvalidHost"]);
        });

    public static bool IsUsable(HostString host) =>
        host.HasValue
        && Uri.CheckHostName(host.Host) != UriHostNameType.Unknown
        && host.Port is null or (> 0 and <= 65535);
}
