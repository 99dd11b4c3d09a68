using BlazorAuth.Features.Audit;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Audit;

/// <summary>
/// The writer's loop (not the tests' FlushAsync): events that arrive together are stored together, after
/// Audit:WriteDelay, and none waiting out the delay is lost when the app stops.
/// </summary>
public sealed class AuditWriterTests
{
    [Fact]
    public async Task A_burst_of_sign_in_events_is_stored_in_one_write()
    {
        var writes = new InsertsPerCommit("\"AuditEvents\"");
        var app = new TestApp(settings: new Dictionary<string, string?> { ["Audit:WriteDelay"] = "00:00:03" }, services: writes.Install);
        try
        {
            var queue = app.Services.GetRequiredService<AuditQueue>();
            // Spread out as a burst of sign-ins is: without the delay, each would find the writer idle and be written alone.
            for (var i = 0; i < 5; i++)
            {
                queue.Enqueue(Event($"burst-{i}"));
                await Task.Delay(50);
            }

            await Eventually.HoldsAsync(async () => (await StoredAsync(app, "burst-")).Count == 5, "The writer stored the burst.");
            Assert.Equal([5], writes.RowsPerCommit);
        }
        finally
        {
            app.Dispose();
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task Events_waiting_out_the_delay_are_stored_when_the_app_stops()
    {
        var app = new TestApp(settings: new Dictionary<string, string?> { ["Audit:WriteDelay"] = "00:00:10" });
        try
        {
            app.Services.GetRequiredService<AuditQueue>().Enqueue(Event("at-stop"));
            app.Dispose();

            using var restarted = new TestApp(app.Database);
            var stored = await StoredAsync(restarted, "at-stop");
            Assert.Equal("at-stop", Assert.Single(stored));
        }
        finally
        {
            app.Dispose();
            app.Database.Dispose();
        }
    }

    private static AuditEvent Event(string detail) =>
        new() { At = DateTime.UtcNow, Type = AuditEventTypes.SignIn, Result = AuditResults.Failure, Reason = "state_invalid", Detail = detail };

    // Read without AuditSteps.RecordsAsync, which flushes the queue itself.
    private static Task<List<string?>> StoredAsync(TestApp app, string detailPrefix) =>
        app.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Detail!.StartsWith(detailPrefix)).Select(e => e.Detail).ToListAsync());
}
