using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// Security:RequireHttps, for TLS terminated at a proxy whose scheme header the app does not see: over plain http
/// every cookie is still Secure, the session cookie has the __Host- prefix, and HSTS is sent.
/// </summary>
public sealed class RequireHttpsTests : IDisposable
{
    private readonly TestApp app = new(settings: new Dictionary<string, string?> { ["Security:RequireHttps"] = "true" });

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task Over_plain_http_cookies_are_secure_the_session_cookie_is_host_prefixed_and_hsts_is_sent()
    {
        var (page, signedIn) = await ProxiedSignIn.SignInAsync(app);

        Assert.Equal("max-age=31536000", string.Join(",", page.Headers.GetValues("Strict-Transport-Security")));
        var antiforgery = Assert.Single(ProxiedSignIn.SetCookies(page), c => c.StartsWith("__Host-BlazorAuth.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var cookies = ProxiedSignIn.SetCookies(signedIn);
        var session = Assert.Single(cookies, c => c.StartsWith("__Host-BlazorAuth.Session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(cookies, c => c.StartsWith("BlazorAuth.Session=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}
