using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class SecurityHeadersTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/admin")]
    [InlineData("/api/plugins")]
    public async Task Pages_and_api_cannot_be_framed_or_sniffed(string path)
    {
        using var browser = app.CreateBrowser();

        var response = await browser.GetAsync(path);

        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("strict-origin-when-cross-origin", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
    }
}
