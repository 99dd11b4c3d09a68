using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BlazorAuth.Tests.Components;

/// <summary>A bunit context set up for MudBlazor components and disposed asynchronously, as MudBlazor's services require.</summary>
public abstract class BunitHost : IAsyncLifetime
{
    protected BunitHost()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddLocalization();
    }

    protected BunitContext Context { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Context.DisposeAsync().AsTask();
}
