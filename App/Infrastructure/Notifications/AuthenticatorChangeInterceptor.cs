using System.Runtime.CompilerServices;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorAuth.Infrastructure.Notifications;

/// <summary>
/// Every change of an authenticator or a plugin switch goes through SaveChanges; on PostgreSQL this adds
/// <c>pg_notify</c> to it: inside the caller's transaction when there is one (PostgreSQL delivers it at commit, and
/// not at all on rollback), else right after SaveChanges committed. Either way a listener that hears it reads the change.
/// </summary>
internal sealed class AuthenticatorChangeInterceptor : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> AfterCommit = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Touches(db))
        {
            if (db.Database.CurrentTransaction is not null)
            {
                await NotifyAsync(db, cancellationToken);
            }
            else
            {
                AfterCommit.AddOrUpdate(db, this);
            }
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && AfterCommit.Remove(db))
        {
            await NotifyAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db && Touches(db))
        {
            if (db.Database.CurrentTransaction is not null)
            {
                Notify(db);
            }
            else
            {
                AfterCommit.AddOrUpdate(db, this);
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && AfterCommit.Remove(db))
        {
            Notify(db);
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Forget(DbContext? db)
    {
        if (db is not null)
        {
            AfterCommit.Remove(db);
        }
    }

    private static bool Touches(DbContext db) =>
        db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is Authenticator or PluginState);

    private static Task NotifyAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({ChangeChannels.Authenticators}, '')", cancellationToken);

    private static void Notify(DbContext db) =>
        db.Database.ExecuteSql($"SELECT pg_notify({ChangeChannels.Authenticators}, '')");
}
