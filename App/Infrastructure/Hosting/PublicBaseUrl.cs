using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Infrastructure.Hosting;

public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The address people and DingTalk use to reach the app, e.g. https://auth.example.com/. Empty: taken from each request.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// The one place that says where the app lives publicly. The Redirect URL shown to admins and the redirect_uri
/// sent to DingTalk both come from here, so they cannot differ.
/// </summary>
public sealed class PublicBaseUrl(IOptionsMonitor<AppOptions> options)
{
    private Uri? Configured => string.IsNullOrWhiteSpace(options.CurrentValue.PublicBaseUrl)
        ? null
        : WithTrailingSlash(new Uri(options.CurrentValue.PublicBaseUrl, UriKind.Absolute));

    /// <summary>From the request as the forwarded-headers middleware left it: scheme, host, port and path base.</summary>
    public Uri For(HttpRequest request) =>
        Configured ?? WithTrailingSlash(new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}"));

    /// <summary>In an interactive circuit there is no request; the browser's own base address is the truth.</summary>
    public Uri For(NavigationManager navigation) => Configured ?? WithTrailingSlash(new Uri(navigation.BaseUri));

    public static string Combine(Uri baseUrl, string appRelativePath) => new Uri(baseUrl, appRelativePath.TrimStart('/')).AbsoluteUri;

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
