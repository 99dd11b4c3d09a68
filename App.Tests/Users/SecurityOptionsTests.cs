using BlazorAuth.Features.Users;
using Microsoft.Extensions.Configuration;

namespace BlazorAuth.Tests.Users;

public sealed class SecurityOptionsTests
{
    private static TimeSpan Bind(string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Security:SessionRevalidationInterval"] = value })
            .Build().GetSection(SecurityOptions.Section).Get<SecurityOptions>()!.SessionRevalidationInterval;

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void Zero_or_less_means_every_request_and_is_kept_at_one_millisecond(string value) =>
        Assert.Equal(TimeSpan.FromMilliseconds(1), Bind(value));

    [Fact]
    public void Other_intervals_are_kept_as_configured() => Assert.Equal(TimeSpan.FromSeconds(30), Bind("00:00:30"));

    [Fact]
    public void The_default_is_one_minute() => Assert.Equal(TimeSpan.FromMinutes(1), new SecurityOptions().SessionRevalidationInterval);
}
