namespace BlazorAuth.Infrastructure.Security;

/// <summary>
/// <c>Security:RequireHttps</c>: for TLS terminated at a proxy whose scheme header the app does not get or may not
/// trust. Every request is then taken as HTTPS, so every cookie is Secure, the addresses the app builds (the
/// redirect_uri sent to DingTalk among them) say https, and HSTS is sent; the session cookie takes the <c>__Host-</c>
/// prefix (Secure, Path=/, no Domain), which a cookie set by a sibling subdomain cannot imitate. Off, a request is
/// HTTPS when it arrived so or a trusted proxy said so.
/// </summary>
public sealed class TransportSecurity(bool requireHttps)
{
    public const string RequireHttpsKey = "Security:RequireHttps";
    public const string HostPrefix = "__Host-";

    public bool RequireHttps => requireHttps;

    public static TransportSecurity From(IConfiguration configuration) => new(configuration.GetValue<bool>(RequireHttpsKey));

    /// <summary>A cookie name that must stay one name whatever scheme a request appears to have.</summary>
    public string CookieName(string name) => requireHttps ? HostPrefix + name : name;
}

public static class TransportSecurityMiddleware
{
    /// <summary>Right after the forwarded headers: from here on the request is HTTPS when the operator says TLS is in front.</summary>
    public static IApplicationBuilder UseTransportSecurity(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<TransportSecurity>().RequireHttps)
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            context.Request.Scheme = Uri.UriSchemeHttps;
            // UseHsts leaves out loopback hosts and needs the Production pipeline; this header goes out everywhere.
            context.Response.Headers.StrictTransportSecurity = "max-age=31536000";
            return next(context);
        });
    }
}
