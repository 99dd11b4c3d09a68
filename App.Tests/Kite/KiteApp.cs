using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Kite;

/// <summary>
/// The app with Kite registered by its one line, a fake Kite on loopback, the Kite plugin switched on by the admin, a
/// clock only tests move, and sessions revalidated on every request.
/// </summary>
public sealed class KiteApp : IAsyncLifetime
{
    public const string Password = "User!Pass12345";

    private static int names;

    public KiteServer Kite { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestApp App { get; private set; } = null!;

    public ApiClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kite = await KiteServer.StartAsync();
        App = new TestApp(
            settings: new Dictionary<string, string?> { ["Security:SessionRevalidationInterval"] = "00:00:00" },
            services: services => services.AddKite(Kite).AddSingleton<TimeProvider>(Clock));
        Admin = await ApiClient.SignInAsync(App);
        await Admin.SetPluginAsync(KitePlugin.PluginName, true);
    }

    public static string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref names)}";

    public static object Body(string name, bool enabled = true, bool autoSignup = true, string? title = null) => new
    {
        name,
        type = KitePlugin.TypeName,
        title,
        enabled,
        options = new { clientId = KiteServer.ClientId, clientSecret = KiteServer.ClientSecret, autoSignup },
    };

    /// <summary>A Kite authenticator created through the admin API, as the console does.</summary>
    public async Task<string> AddAuthenticatorAsync(string prefix, bool autoSignup = true, string? title = null)
    {
        var name = NewName(prefix);
        await Admin.CreateAsync(Body(name, autoSignup: autoSignup, title: title));
        return name;
    }

    public async Task SetEnabledAsync(string name, bool enabled) =>
        (await Admin.PutAsync($"/api/authenticators/{name}", Body(name, enabled))).ShouldBe(HttpStatusCode.OK);

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        App?.Dispose();
        App?.Database.Dispose();
        await Kite.DisposeAsync();
    }
}
