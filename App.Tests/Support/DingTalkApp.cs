using System.Security.Cryptography;
using BlazorAuth.Features.DingTalk.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// The app with its DingTalk sandbox switched on and one DingTalk app registered in it, an admin signed in
/// through the API, and the DingTalk plugin active. Each test adds authenticators and sandbox users of its own.
/// </summary>
public class DingTalkApp : IAsyncLifetime
{
    public const string ClientId = "ding-test-client";
    public const string ClientSecret = "ding-test-secret-7f3a9c";

    private static int names;

    public DingTalkApp()
        : this(null, null)
    {
    }

    protected DingTalkApp(IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        App = new TestApp(settings: Settings(settings), services: services);
    }

    public TestApp App { get; }

    public SandboxState Sandbox => App.Services.GetRequiredService<SandboxState>();

    public DingTalkAdmin Admin { get; private set; } = null!;

    /// <summary>The sandbox on, with <see cref="ClientId"/> and <see cref="ClientSecret"/> registered, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["DingTalk:Sandbox:Enabled"] = "true",
            ["DingTalk:Sandbox:Apps:0:ClientId"] = ClientId,
            ["DingTalk:Sandbox:Apps:0:ClientSecret"] = ClientSecret,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A started app for a test that needs settings of its own; dispose it at the end of the test.</summary>
    public static async Task<DingTalkApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new DingTalkApp(settings, services);
        await app.InitializeAsync();
        return app;
    }

    /// <summary>An authenticator name no other test uses.</summary>
    public static string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref names)}";

    /// <summary>A DingTalk person the sandbox's authorize page offers, with a mobile no other test uses.</summary>
    public SandboxUser AddSandboxUser(string nick, string? email = null, string? mobile = null, string stateCode = "86", IReadOnlyList<string>? corpIds = null)
    {
        var tag = RandomNumberGenerator.GetHexString(12, lowercase: true);
        var user = new SandboxUser($"union-{tag}", $"open-{tag}", nick, mobile ?? UniqueMobile(), stateCode, email, $"https://static.example/avatars/{tag}.png", corpIds);
        Sandbox.AddUser(user);
        return user;
    }

    /// <summary>A Chinese mobile number (11 digits, national form) that is practically unique.</summary>
    public static string UniqueMobile() => "139" + RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Admin = await DingTalkAdmin.SignInAsync(App);
        await Admin.SetPluginActiveAsync(true);
    }

    public Task DisposeAsync()
    {
        Admin?.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A <see cref="DingTalkApp"/> whose clock only moves when a test advances it.</summary>
public sealed class FakeClockDingTalkApp : DingTalkApp
{
    public FakeClockDingTalkApp()
        : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private FakeClockDingTalkApp(FakeTimeProvider clock)
        : base(null, services => services.AddSingleton<TimeProvider>(clock))
    {
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }
}

/// <summary>A <see cref="DingTalkApp"/> that gives DingTalk one second per try, so a hang is over quickly.</summary>
public sealed class ImpatientDingTalkApp() : DingTalkApp(
    new Dictionary<string, string?>
    {
        ["DingTalk:Http:AttemptTimeout"] = "00:00:01",
        ["DingTalk:Http:RetryDelay"] = "00:00:00.050",
    },
    null);
