namespace BlazorAuth.Infrastructure.Security;

/// <summary>Headers every answer carries: no framing (clickjacking of the sign-in and console), no MIME sniffing, no full referrers.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            return next(context);
        });
}
