using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Sessions;

/// <summary>A session as lists and the API show it: never its key.</summary>
public sealed record SessionView(
    string Id,
    string? Authenticator,
    string? Method,
    DateTime CreatedAt,
    DateTime LastSeenAt,
    DateTime ExpiresAt,
    string? IpAddress,
    string? UserAgent,
    bool Current);

/// <summary>The live sessions of a user, and ending them.</summary>
public sealed class SessionDirectory(IDbContextFactory<AppDbContext> contexts, DbTicketStore store, TimeProvider clock, BlazorAuth.Features.Audit.AuditRecorder audit)
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    /// <summary>Whether the session is live; a live circuit counts as use, so it keeps the session from looking idle.</summary>
    public async Task<bool> IsActiveAsync(string? sessionId, string userId, CancellationToken cancellationToken = default)
    {
        if (sessionId is null)
        {
            return false;
        }

        var now = Now;
        var idle = now - SessionsSetup.IdleCutoff;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lastSeen = await db.Sessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now && s.LastSeenAt > idle)
            .Select(s => (DateTime?)s.LastSeenAt).SingleOrDefaultAsync(cancellationToken);
        if (lastSeen is null)
        {
            return false;
        }

        if (now - lastSeen.Value >= LastSeenResolution)
        {
            await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        return true;
    }

    public async Task<IReadOnlyList<SessionView>> ListAsync(string userId, string? currentSessionId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var idle = now - SessionsSetup.IdleCutoff;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now && s.LastSeenAt > idle)
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionView(s.Id, s.Authenticator, s.Method, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.IpAddress, s.UserAgent, false))
            .ToListAsync(cancellationToken);
        return [.. sessions.Select(s => s with { Current = s.Id == currentSessionId }).OrderByDescending(s => s.Current)];
    }

    /// <summary>When the user last proved who they are in this session, as the record says (any instance may have set it).</summary>
    public async Task<DateTime?> AuthenticatedAtAsync(string sessionId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
            .Select(s => (DateTime?)s.AuthenticatedAt).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Records that the user proved again who they are in this session (a confirmed password), now.</summary>
    public async Task<bool> ReauthenticatedAsync(string sessionId, string userId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hash = await db.Sessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
            .Select(s => s.KeyHash).SingleOrDefaultAsync(cancellationToken);
        if (hash is null)
        {
            return false;
        }

        await db.Sessions.Where(s => s.KeyHash == hash).ExecuteUpdateAsync(s => s.SetProperty(x => x.AuthenticatedAt, now), cancellationToken);
        store.Forget(hash);
        return true;
    }

    /// <summary>
    /// Ends one session of the user; false when the user has no such live session (unknown, or someone else's).
    /// <paramref name="actorId"/> names who did it on the record; without it, the request's user (none inside a circuit).
    /// </summary>
    public async Task<bool> EndAsync(string userId, string sessionId, CancellationToken cancellationToken = default, string? actorId = null) =>
        await EndWhereAsync(userId, sessionId, except: null, actorId, cancellationToken) > 0;

    /// <summary>Ends every session of the user but <paramref name="exceptSessionId"/> (null: all of them); <paramref name="actorId"/> as for <see cref="EndAsync"/>.</summary>
    public Task<int> EndAllAsync(string userId, string? exceptSessionId = null, CancellationToken cancellationToken = default, string? actorId = null) =>
        EndWhereAsync(userId, sessionId: null, exceptSessionId, actorId, cancellationToken);

    /// <summary>
    /// Ends the user's sessions when <paramref name="condition"/> holds (a role change, after its commit), all but
    /// <paramref name="exceptSessionId"/>: an administrator who changed their own roles keeps the session they did it in.
    /// </summary>
    public async Task EndAllIfAsync(bool condition, string userId, string? exceptSessionId, CancellationToken cancellationToken = default, string? actorId = null)
    {
        if (condition)
        {
            await EndAllAsync(userId, exceptSessionId, cancellationToken, actorId);
        }
    }

    private async Task<int> EndWhereAsync(string userId, string? sessionId, string? except, string? actorId, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null);
        if (sessionId is not null)
        {
            query = query.Where(s => s.Id == sessionId);
        }

        if (except is not null)
        {
            query = query.Where(s => s.Id != except);
        }

        var hashes = await query.Select(s => s.KeyHash).ToListAsync(cancellationToken);
        if (hashes.Count == 0)
        {
            return 0;
        }

        var ended = await db.Sessions.Where(s => hashes.Contains(s.KeyHash) && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        foreach (var hash in hashes)
        {
            store.Forget(hash);
        }

        audit.SessionsRevoked(userId, sessionId, ended, actorId);

        return ended;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
