using BlazorAuth.Tests.Support;

namespace BlazorAuth.E2E.Support;

/// <summary>The real app on Kestrel with its own SQLite file, shared by the tests of one class.</summary>
public class AppFixture : IDisposable
{
    public AppFixture()
        : this(null)
    {
    }

    protected AppFixture(IDictionary<string, string?>? settings)
    {
        App = new TestApp(settings: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            // A failed event dispatch or JS call is logged only at Debug, with the exception the browser is not shown;
            // ChromiumFixture prints it when a journey fails.
            ["Logging:BlazorAuth.Tests.Support.CapturingLoggerProvider:LogLevel:Microsoft.AspNetCore.Components.Server"] = "Debug",
        });
    }

    public TestApp App { get; }

    public Uri BaseAddress => App.BaseAddress;

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The app with its DingTalk sandbox switched on and one sandbox app registered, so a DingTalk sign-in runs
/// end to end over real HTTP: the browser goes to the sandbox's authorize page on the app's own address.
/// </summary>
public sealed class DingTalkAppFixture() : AppFixture(new Dictionary<string, string?>
{
    ["DingTalk:Sandbox:Enabled"] = "true",
    ["DingTalk:Sandbox:Apps:0:ClientId"] = ClientId,
    ["DingTalk:Sandbox:Apps:0:ClientSecret"] = ClientSecret,
})
{
    public const string ClientId = "ding-e2e-client";
    public const string ClientSecret = "ding-e2e-secret-0001";
}
