using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Audit;

public sealed class AuditRetentionTests
{
    [Fact]
    public async Task Retention_deletes_records_older_than_the_setting_in_small_batches_and_keeps_the_rest()
    {
        // The test runs the purge itself: the background run at start raced the seeding and took a record from the count.
        using var app = new TestApp(
            settings: new Dictionary<string, string?>
            {
                ["Audit:RetentionDays"] = "30",
                ["Audit:RetentionBatchSize"] = "2",
            },
            services: services => services.RemoveHostedService(typeof(AuditRetention)));
        try
        {
            var now = DateTime.UtcNow;
            var marker = Guid.NewGuid().ToString("N");
            await app.SeedAsync(
                Enumerable.Range(0, 5).Select(i => new AuditEvent { At = now.AddDays(-31 - i), Type = AuditEventTypes.SignIn, Result = AuditResults.Success, Detail = "old-" + marker })
                    .Concat(Enumerable.Range(0, 3).Select(i => new AuditEvent { At = now.AddDays(-29 + i), Type = AuditEventTypes.SignIn, Result = AuditResults.Success, Detail = "new-" + marker })));

            var deleted = await app.Services.GetRequiredService<AuditRetention>().PurgeAsync();

            Assert.Equal(5, deleted);
            var left = await app.RecordsAsync(e => e.Detail != null && e.Detail.EndsWith(marker));
            Assert.Equal(3, left.Count);
            Assert.All(left, r => Assert.StartsWith("new-", r.Detail, StringComparison.Ordinal));
        }
        finally
        {
            app.Database.Dispose();
        }
    }
}
