using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// Reads the audit log newest first with keyset paging on (At, Id): a page is one index range read whatever its
/// depth, and a record written between two pages never shifts, repeats or hides another.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> contexts)
{
    public const int MaxLimit = 500;
    public const int DefaultLimit = 50;
    public const int RecentCount = 20;

    public async Task<AuditPage> PageAsync(AuditFilter filter, int limit, AuditCursor? after, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await Project(db, Newest(Filter(db.AuditEvents.AsNoTracking(), filter), after)).Take(limit + 1).ToListAsync(ct);
        var next = rows.Count > limit ? new AuditCursor(rows[limit - 1].At, rows[limit - 1].Id).Encode() : null;
        return new AuditPage(rows.Count > limit ? rows[..limit] : rows, next);
    }

    /// <summary>Every record of the filter, newest first, read as it is enumerated (for the CSV export).</summary>
    public async IAsyncEnumerable<AuditItem> StreamAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await foreach (var item in Project(db, Newest(Filter(db.AuditEvents.AsNoTracking(), filter), null)).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return item;
        }
    }

    /// <summary>The user's own last sign-ins, successes and failures.</summary>
    public async Task<IReadOnlyList<RecentSignInRecord>> RecentSignInsAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AuditEvents.AsNoTracking()
            .Where(e => e.UserId == userId && e.Type == AuditEventTypes.SignIn)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(RecentCount)
            .Select(e => new RecentSignInRecord(e.At, e.Authenticator, e.Method, e.IpAddress, e.UserAgent, e.Result, e.Reason))
            .ToListAsync(ct);
    }

    /// <summary>The id of the user <paramref name="text"/> names (by id, user name or email); the text itself when nobody.</summary>
    public async Task<string> UserIdOfAsync(string text, CancellationToken ct = default)
    {
        var upper = text.ToUpperInvariant();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == text || u.NormalizedUserName == upper || u.NormalizedEmail == upper)
            .OrderBy(u => u.Id == text ? 0 : 1).Select(u => u.Id).FirstOrDefaultAsync(ct) ?? text;
    }

    internal static IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> events, AuditFilter filter)
    {
        if (filter.From is { } from)
        {
            events = events.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            events = events.Where(e => e.At < to);
        }

        if (filter.Type is { } type)
        {
            events = events.Where(e => e.Type == type);
        }

        if (filter.Result is { } result)
        {
            events = events.Where(e => e.Result == result);
        }

        if (filter.UserId is { } userId)
        {
            events = events.Where(e => e.UserId == userId);
        }

        if (filter.Authenticator is { } authenticator)
        {
            events = events.Where(e => e.Authenticator == authenticator);
        }

        if (filter.Ip is { } ip)
        {
            events = events.Where(e => e.IpAddress == ip);
        }

        return events;
    }

    private static IQueryable<AuditEvent> Newest(IQueryable<AuditEvent> events, AuditCursor? after)
    {
        if (after is { } cursor)
        {
            var (at, id) = (cursor.At, cursor.Id);
            events = events.Where(e => e.At < at || (e.At == at && e.Id < id));
        }

        return events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
    }

    private static IQueryable<AuditItem> Project(AppDbContext db, IQueryable<AuditEvent> events) =>
        from e in events
        select new AuditItem(e.Id, e.At, e.Type, e.Result, e.Reason, e.UserId,
            db.Users.Where(u => u.Id == e.UserId).Select(u => u.UserName).FirstOrDefault(),
            e.ActorId, e.LoginName, e.LoginNameHash, e.LoginNameLength, e.Authenticator, e.Method, e.IpAddress, e.UserAgent,
            e.SessionId, e.RequestId, e.Detail);
}
