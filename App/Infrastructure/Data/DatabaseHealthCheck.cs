using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// Asks the database a real question: which migrations it has. The stock EF check only opens a connection,
/// which SQLite answers for any file, even one that is not a database.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var missing = db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
            if (missing.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"The database schema is missing {missing.Count} migration(s).");
            }

            _ = await db.Users.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read.", ex);
        }
    }
}
