using BlazorAuth.Tests.Support;

namespace BlazorAuth.E2E.Support;

/// <summary>The real app on Kestrel with its own SQLite file, shared by the tests of one class.</summary>
public sealed class AppFixture : IDisposable
{
    public TestApp App { get; } = new();

    public Uri BaseAddress => App.BaseAddress;

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
    }
}
