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

    [Theory]
    [InlineData("/a\\b")]
    [InlineData("/admin?next=\\evil")]
    [InlineData("/\u0000")]
    [InlineData("/\u007f")]
    [InlineData("/a\u0085b")]
    public void Backslashes_and_control_characters_anywhere_are_not_local(string url) => Assert.False(LocalUrl.IsLocal(url));

    [Fact]
    public void An_overlong_url_is_dropped_for_the_default()
    {
        Assert.Equal("/" + new string('a', LocalUrl.MaxLength - 1), LocalUrl.OrDefault("/" + new string('a', LocalUrl.MaxLength - 1), "/"));
        Assert.Equal("/home", LocalUrl.OrDefault("/" + new string('a', LocalUrl.MaxLength), "/home"));
    }

    [Theory]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/用户?名=值", "/%E7%94%A8%E6%88%B7?%E5%90%8D=%E5%80%BC")]
    [InlineData("/a😀b", "/a%F0%9F%98%80b")]
    [InlineData("/a b", "/a%20b")]
    public void Spaces_and_non_ascii_are_percent_encoded_so_they_can_go_in_a_location_header(string url, string expected)
    {
        var safe = LocalUrl.OrDefault(url, "/");

        Assert.Equal(expected, safe);
        Assert.All(safe, c => Assert.True(c is > (char)0x20 and < (char)0x7f));
    }

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character() =>
        Assert.Equal("/lone%EF%BF%BDx", LocalUrl.OrDefault("/lone\ud800x", "/"));
}
