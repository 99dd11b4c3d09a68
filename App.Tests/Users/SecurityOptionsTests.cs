using BlazorAuth.Features.Users;
using Microsoft.Extensions.Configuration;

namespace BlazorAuth.Tests.Users;

public sealed class SecurityOptionsTests
{
    private static TimeSpan Bind(string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Security:SessionRevalidationInterval"] = value })
            .Build().GetSection(SecurityOptions.Section).Get<SecurityOptions>()!.SessionRevalidationInterval;

    [Fact]
    public void Zero_is_kept_so_cookies_are_checked_on_every_request() => Assert.Equal(TimeSpan.Zero, Bind("00:00:00"));

    [Fact]
    public void Other_intervals_are_kept_as_configured() => Assert.Equal(TimeSpan.FromSeconds(30), Bind("00:00:30"));

    [Fact]
    public void The_default_is_one_minute() => Assert.Equal(TimeSpan.FromMinutes(1), new SecurityOptions().SessionRevalidationInterval);
}
