using System.Data.Common;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Sessions;

/// <summary>
/// Group commit of new sessions against the real database: sessions that queue behind a running commit are written
/// together, and a batch one of them spoils (a replayed state) still commits the others and refuses only that one.
/// The database's write lock is held by the test, so the first commit waits and the others queue behind it.
/// </summary>
public sealed class SessionCommitTests : IDisposable
{
    // The test's sessions only: their authenticator is "group-…".
    private readonly InsertsPerCommit writes = new("\"Sessions\"", p => p.Cast<DbParameter>().Any(v => v.Value is string s && s.StartsWith("group-", StringComparison.Ordinal)));
    private readonly TestApp app;

    public SessionCommitTests() => app = new TestApp(services: writes.Install);

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task Sessions_that_queue_behind_a_commit_are_written_together()
    {
        var userId = await app.UserIdAsync(TestApp.AdminEmail);
        var commits = app.Services.GetRequiredService<SessionCommits>();
        Task first, rest;
        await using (await HoldWriteLockAsync())
        {
            first = commits.CommitAsync(NewSession(userId, "first"), null);
            Assert.Equal((true, 0), commits.State);
            rest = Task.WhenAll(Enumerable.Range(0, 4).Select(i => commits.CommitAsync(NewSession(userId, $"queued-{i}"), null)));
            Assert.Equal((true, 4), commits.State);
            Assert.False(first.IsCompleted, "The first commit waits for the lock the test holds.");
        }

        await Task.WhenAll(first, rest);
        Assert.Equal([1, 4], writes.RowsPerCommit);
        Assert.Equal(5, await app.WithDbAsync(db => db.Sessions.CountAsync(s => s.Authenticator!.StartsWith("group-"))));
    }

    [Fact]
    public async Task A_replayed_state_in_a_batch_refuses_only_its_own_sign_in()
    {
        var userId = await app.UserIdAsync(TestApp.AdminEmail);
        await app.WithDbAsync(db =>
        {
            db.Set<ConsumedState>().Add(new ConsumedState { Key = "USED", ExpiresAt = DateTime.UtcNow.AddMinutes(10) });
            return db.SaveChangesAsync();
        });
        var commits = app.Services.GetRequiredService<SessionCommits>();
        PendingWrites Owing(string key)
        {
            var pending = new PendingWrites();
            pending.Add(new UsedStateWrite(key, DateTime.UtcNow.AddMinutes(10)));
            return pending;
        }

        var replayed = Owing("USED");
        var fresh = Owing("FRESH");
        Task first, replay, other;
        await using (await HoldWriteLockAsync())
        {
            first = commits.CommitAsync(NewSession(userId, "first"), null);
            Assert.Equal((true, 0), commits.State);
            replay = commits.CommitAsync(NewSession(userId, "replay"), replayed);
            other = commits.CommitAsync(NewSession(userId, "other"), fresh);
        }

        await first;
        await other;
        var refusal = await Assert.ThrowsAsync<ExternalSignInRefusal>(() => replay);
        Assert.Equal(SignInErrors.StateReplayed, refusal.Code);
        var stored = await app.WithDbAsync(db => db.Sessions.Where(s => s.Authenticator!.StartsWith("group-")).Select(s => s.Authenticator).ToListAsync());
        Assert.Equal(["group-first", "group-other"], stored.Order());
        Assert.True(await app.WithDbAsync(db => db.Set<ConsumedState>().AnyAsync(s => s.Key == "FRESH")), "The other sign-in's used state was written.");
        Assert.True(fresh.IsEmpty);
    }

    private UserSession NewSession(string userId, string name)
    {
        var now = DateTime.UtcNow;
        var key = SessionKeys.NewKey();
        return new UserSession
        {
            Id = SessionKeys.NewId(),
            KeyHash = SessionKeys.Hash(key),
            UserId = userId,
            Authenticator = "group-" + name,
            CreatedAt = now,
            AuthenticatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddHours(1),
            Ticket = [1, 2, 3],
        };
    }

    /// <summary>An open write transaction that holds the database's write lock (SQLite) or the Sessions table (PostgreSQL).</summary>
    private async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var tx = await db.Database.BeginTransactionAsync();
        if (app.Database.IsPostgreSql)
        {
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE \"Sessions\" IN SHARE ROW EXCLUSIVE MODE");
        }

        return new Held(db, tx);
    }

    private sealed class Held(AppDbContext db, IDbContextTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.RollbackAsync();
            await tx.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}
