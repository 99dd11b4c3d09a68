namespace BlazorAuth.Tests.Support;

/// <summary>One app for a test class whose tests do not disturb each other.</summary>
public class SharedApp : IDisposable
{
    public SharedApp()
        : this(new TestApp())
    {
    }

    protected SharedApp(TestApp app) => App = app;

    public TestApp App { get; }

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// One app for a test class, in Production and with the published app's route table: run from a build, MapStaticAssets
/// adds a GET-and-HEAD catch-all for files added after the build, which routing counts as a candidate for every address,
/// so any other method to a missing address would answer 405 here and 404 in the published app.
/// </summary>
public sealed class SharedProductionApp() : SharedApp(new TestApp(environment: "Production",
    settings: new Dictionary<string, string?> { ["DisableStaticAssetNotFoundRuntimeFallback"] = "true" }));
