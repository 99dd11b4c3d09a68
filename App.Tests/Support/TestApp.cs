using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The real app on a real Kestrel port (127.0.0.1, any free port) with a real database of its own (see <see cref="TestDatabase"/>).
/// Several instances may share one database file to act as restarts or as a second instance.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin!Pass123";

    private readonly Dictionary<string, string?> settings;
    private readonly string environment;
    private readonly Action<IServiceCollection>? services;
    private readonly LiveSettings live = new();

    /// <param name="services">Replaces app services after the app registered its own, e.g. a fake <see cref="TimeProvider"/>.</param>
    public TestApp(TestDatabase? database = null, string environment = "Development", IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        Database = database ?? new TestDatabase();
        this.environment = environment;
        this.services = services;
        this.settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Default"] = Database.ConnectionString,
            ["Database:Provider"] = Database.Provider,
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["Admin:DataDirectory"] = Database.Folder,
            ["RateLimiting:SignIn:PermitLimit"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }

        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public TestDatabase Database { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            var uri = new Uri(address.EndsWith('/') ? address : address + "/");
            Serving[uri.Port] = this;
            return uri;
        }
    }

    /// <summary>The app listening on <paramref name="port"/>, for a failed browser test to add the server's side of the story.</summary>
    public static TestApp? ServingOn(int port) => Serving.GetValueOrDefault(port);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, TestApp> Serving = new();

    public override async ValueTask DisposeAsync()
    {
        StopServing();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        StopServing();
        base.Dispose(disposing);
    }

    private void StopServing()
    {
        foreach (var entry in Serving.Where(e => ReferenceEquals(e.Value, this)))
        {
            Serving.TryRemove(entry);
        }
    }

    /// <summary>Changes a setting while the app runs, as an edited appsettings.json would: options monitors see it at once.</summary>
    public void SetSetting(string key, string? value) => live.Set(key, value);

    /// <summary>A client that behaves like a browser tab: its own cookie jar, and redirects left to the test.</summary>
    public BrowserClient CreateBrowser() => new(BaseAddress);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureAppConfiguration(configuration => configuration.Add(live));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    private sealed class LiveSettings : ConfigurationProvider, IConfigurationSource
    {
        public override void Set(string key, string? value)
        {
            base.Set(key, value);
            OnReload();
        }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
    }
}
