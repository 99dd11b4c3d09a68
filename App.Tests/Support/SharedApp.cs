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
