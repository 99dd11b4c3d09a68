using System.Security.Cryptography;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Infrastructure.Security;

/// <summary>Sources features add to the Content-Security-Policy, e.g. the DingTalk login host the link form is redirected to.</summary>
public sealed class ContentSecurityPolicyOptions
{
    /// <summary>Origins forms may be sent to besides 'self' (Chromium also checks form-action on the redirect after a post).</summary>
    public List<string> FormActionSources { get; } = [];

    /// <summary>Origins scripts may come from besides 'self'.</summary>
    public List<string> ScriptSources { get; } = [];
}

/// <summary>
/// Headers every answer carries: no framing (clickjacking of the sign-in and console), no MIME sniffing, no full
/// referrers, and a Content-Security-Policy whose only inline script is the import map, allowed by a per-request nonce.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "blazorauth.csp-nonce";

    /// <summary>The nonce of this request's CSP, for the inline import map App.razor renders.</summary>
    public static string CspNonce(this HttpContext context) =>
        context.Items.TryGetValue(NonceItem, out var nonce) && nonce is string value ? value : "";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Hex, not base64: Razor HTML-encodes "+" in the attribute, so a base64 nonce did not read back as sent.
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceItem] = nonce;
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            context.Response.OnStarting(() =>
            {
                var sources = context.RequestServices.GetRequiredService<IOptions<ContentSecurityPolicyOptions>>().Value;
                headers.ContentSecurityPolicy = Policy(nonce, IsPortalPage(context), sources);
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>
    /// The console needs inline styles: MudBlazor writes its theme as a style block and style attributes, and Blazor's
    /// reconnect UI injects styles. The portal pages (static SSR) load only their own stylesheet.
    /// </summary>
    internal static string Policy(string nonce, bool portal, ContentSecurityPolicyOptions sources) => string.Join("; ",
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        string.Join(' ', ["script-src 'self'", $"'nonce-{nonce}'", .. sources.ScriptSources]),
        portal ? "style-src 'self'" : "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        string.Join(' ', ["form-action 'self'", .. sources.FormActionSources]));

    /// <summary>The same test App.razor makes to pick the portal's stylesheet, so the two cannot disagree.</summary>
    private static bool IsPortalPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && !context.AcceptsInteractiveRouting();
}
