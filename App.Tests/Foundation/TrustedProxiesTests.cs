using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Foundation;

public sealed class TrustedProxiesTests
{
    [Fact]
    public void Configured_proxies_and_networks_are_trusted_besides_loopback()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database, settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.1.2.3",
            ["ForwardedHeaders:KnownNetworks:0"] = "192.168.10.0/24",
        });

        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Contains(IPAddress.Parse("10.1.2.3"), options.KnownProxies);
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("192.168.10.77")));
        Assert.Contains(IPAddress.IPv6Loopback, options.KnownProxies);
    }
}
