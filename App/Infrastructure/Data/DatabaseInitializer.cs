using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Infrastructure.Data;

public static class DatabaseInitializer
{
    /// <summary>Migrates (unless an operator turned that off) and seeds what must exist. Safe to run on every start.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var db = services.GetRequiredService<AppDbContext>();
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} database migration(s).", pending.Count);
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        else
        {
            logger.LogInformation("Database:MigrateOnStartup is off; the schema is expected to be migrated by script.");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                // Start anyway so that /healthz can report the problem; seeding needs the current schema.
                logger.LogWarning("The database lacks {Count} migration(s) ({Migrations}); nothing was seeded. Apply the migration script, then restart.",
                    pending.Count, string.Join(", ", pending));
                return;
            }
        }

        if (db.Database.IsSqlite())
        {
            // Readers no longer wait for a writer, nor a writer for readers; the mode is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        foreach (var seeder in services.GetServices<ISeeder>())
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }
}

/// <summary>Something that must exist in every database; each run must leave existing rows alone.</summary>
public interface ISeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
