namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>The console's interactive server circuits and the limit on the ones kept after a dropped connection.</summary>
public static class CircuitSetup
{
    /// <summary>Each disconnected circuit keeps its whole page (~0.5 MB, docs/circuit-memory.md): at most ~25 MB.</summary>
    internal const int MaxRetainedDisconnectedCircuits = 50;

    public static IRazorComponentsBuilder AddConsoleCircuits(this IRazorComponentsBuilder components)
    {
        // A tab closed normally ends its circuit at once; these are the circuits whose connection dropped, kept for
        // a reconnect. The framework keeps 100: an admin console has a handful of users, and a tab whose circuit
        // was let go offers a reload, so 50 for the default three minutes is plenty.
        components.AddInteractiveServerComponents(options =>
        {
            options.DisconnectedCircuitMaxRetained = MaxRetainedDisconnectedCircuits;
            options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
        });
        return components;
    }
}
