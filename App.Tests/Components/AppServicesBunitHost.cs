using BlazorAuth.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Components;

/// <summary>
/// A bunit context whose app services (store, plugin service, catalog, validators) are the real ones of a running
/// <see cref="TestApp"/> on its own SQLite file; bunit keeps its own renderer, JS interop, navigation and MudBlazor services.
/// </summary>
public abstract class AppServicesBunitHost : BunitHost
{
    private readonly AsyncServiceScope scope;

    static AppServicesBunitHost()
    {
        // Renders here wait on real SQLite I/O while other test classes run in parallel; 1 s (bunit's default) is too tight a ceiling.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected AppServicesBunitHost()
    {
        scope = App.Services.CreateAsyncScope();
        Context.Services.AddFallbackServiceProvider(scope.ServiceProvider);
    }

    protected TestApp App { get; } = new();

    /// <summary>The app's services as a fresh request would see them, for set-up and for reading what the UI saved.</summary>
    protected T Service<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await scope.DisposeAsync();
        App.Dispose();
        App.Database.Dispose();
    }
}
