using System.Net;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.HttpOverrides;

namespace BlazorAuth.Infrastructure.Hosting;

public sealed class TrustedProxiesOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of reverse proxies whose X-Forwarded-* headers are believed, e.g. "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// Whether a loopback peer's X-Forwarded-* is believed. Turn it off when a same-host proxy passes the client's own
    /// header through unchanged instead of appending the peer's address: then any local process could name any address.
    /// </summary>
    public bool TrustLoopback { get; set; } = true;
}

public static class InfrastructureSetup
{
    public const string ApplicationName = "BlazorAuth";

    public static WebApplicationBuilder AddAppInfrastructure(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        // Side by side instead of one after another (the key ring's load, the first counts, Kestrel's bind): on two cores
        // that is a shorter start. The host still reports started only when every one of them has.
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        var transport = TransportSecurity.From(builder.Configuration);
        builder.Services.AddSingleton(transport);
        builder.Services.AddAntiforgery(options =>
        {
            // The default, None, would send the token cookie without Secure even over HTTPS.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            if (transport.RequireHttps)
            {
                options.Cookie.Name = transport.CookieName("BlazorAuth.Antiforgery");
                options.Cookie.Path = "/";
            }
        });

        builder.Services.AddAppKeyRing(KeyRingSettings.From(builder.Configuration, builder.Environment.ContentRootPath));

        var proxies = builder.Configuration.GetSection(TrustedProxiesOptions.Section).Get<TrustedProxiesOptions>() ?? new TrustedProxiesOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost
                | ForwardedHeaders.XForwardedPrefix;
            // Only the address the nearest proxy appended counts; loopback is trusted unless turned off.
            options.ForwardLimit = 1;
            if (!proxies.TrustLoopback)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }

            foreach (var proxy in proxies.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            // Both lists empty would mean "believe every peer" to the middleware: with nobody trusted, read no header.
            if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
            }
        });

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }
}
