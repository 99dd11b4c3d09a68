namespace BlazorAuth.Tests.Support;

/// <summary>One app for a test class whose tests do not disturb each other.</summary>
public sealed class SharedApp : IDisposable
{
    public TestApp App { get; } = new();

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
    }
}

/// <summary>
/// One app for a test class, in Production and with the published app's route table: run from a build, MapStaticAssets
/// adds a GET-and-HEAD catch-all for files added after the build, which routing counts as a candidate for every address,
/// so any other method to a missing address would answer 405 here and 404 in the published app.
/// </summary>
public sealed class SharedProductionApp : IDisposable
{
    public TestApp App { get; } = new(environment: "Production",
        settings: new Dictionary<string, string?> { ["DisableStaticAssetNotFoundRuntimeFallback"] = "true" });

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
    }
}
