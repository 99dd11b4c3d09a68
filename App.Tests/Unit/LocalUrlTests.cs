using BlazorAuth.Infrastructure.Security;

namespace BlazorAuth.Tests.Unit;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/admin")]
    [InlineData("/admin/plugins?tab=1#top")]
    [InlineData("~/admin")]
    [InlineData("~/")]
    public void App_relative_paths_are_local(string url) => Assert.True(LocalUrl.IsLocal(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/")]
    [InlineData("http://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("~//evil.example")]
    [InlineData("~/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("admin")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/\t/evil.example")]
    public void Absolute_protocol_relative_and_odd_urls_are_not_local(string? url) => Assert.False(LocalUrl.IsLocal(url));

    [Fact]
    public void OrDefault_keeps_a_local_url_and_drops_the_tilde()
    {
        Assert.Equal("/admin/users", LocalUrl.OrDefault("/admin/users", "/"));
        Assert.Equal("/admin/users", LocalUrl.OrDefault("~/admin/users", "/"));
    }

    [Fact]
    public void OrDefault_falls_back_for_a_foreign_url() =>
        Assert.Equal("/", LocalUrl.OrDefault("//evil.example", "/"));
}
