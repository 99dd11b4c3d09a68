using System.Security.Claims;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Sessions;

/// <summary>
/// The application cookie's <see cref="CookieAuthenticationOptions.SessionStore"/>: tickets live in the Sessions table,
/// the cookie holds only a random key. A short cache (never longer than <c>Security:SessionRevalidationInterval</c>, none
/// at zero) spares most requests a query; an ended session is therefore refused on every instance within that interval.
/// </summary>
public sealed class DbTicketStore(
    IDbContextFactory<AppDbContext> contexts,
    SessionCommits commits,
    IMemoryCache cache,
    TimeProvider clock,
    IOptionsMonitor<SecurityOptions> security,
    BlazorAuth.Features.Audit.AuditRecorder audit,
    Infrastructure.Notifications.IChangeNotifier notifier,
    ILogger<DbTicketStore> logger) : ITicketStore
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);
    private const int UserAgentLength = 512;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A session needs the user's id.");
        var now = Now;
        var key = SessionKeys.NewKey();
        var session = new UserSession
        {
            Id = SessionKeys.NewId(),
            KeyHash = SessionKeys.Hash(key),
            UserId = userId,
            Authenticator = SignInMethod.Of(ticket.Principal),
            Method = ticket.Principal.FindFirstValue(AppClaimTypes.AuthenticationMethodReference),
            CreatedAt = now,
            AuthenticatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + security.CurrentValue.SessionAbsoluteLifetime,
            IpAddress = httpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(httpContext?.Request.Headers.UserAgent.ToString()),
            Ticket = Serialize(ticket),
        };
        // What the sign-in still owes the database (a used state, a binding's last sign-in) commits with the session.
        await commits.CommitAsync(session, PendingWrites.Of(httpContext));
        BlazorAuth.Features.Audit.AuditNotes.Session(httpContext, session.Id);
        // The browser's next request (the landing page) reads this session at once: it is known, no query needed.
        Cache(session.KeyHash, new CachedSession(session.Id, session.AuthenticatedAt, session.ExpiresAt, session.Ticket) { LastSeenAt = now });
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        RenewAsync(key, ticket, null!, cancellationToken);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var hash = SessionKeys.Hash(key);
        var bytes = Serialize(ticket);
        var now = Now;
        cache.Remove(hash);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // An ended session stays ended: a renewal racing a sign-out must not bring it back.
        await db.Sessions.Where(s => s.KeyHash == hash && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Ticket, bytes).SetProperty(x => x.LastSeenAt, now), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) =>
        RetrieveAsync(key, null!, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var hash = SessionKeys.Hash(key);
        var now = Now;
        if (!cache.TryGetValue<CachedSession>(hash, out var entry) || entry is null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            entry = await db.Sessions.AsNoTracking()
                .Where(s => s.KeyHash == hash && s.EndedAt == null)
                .Select(s => new CachedSession(s.Id, s.AuthenticatedAt, s.ExpiresAt, s.Ticket) { LastSeenAt = s.LastSeenAt })
                .SingleOrDefaultAsync(cancellationToken);
            if (entry is null)
            {
                return Refused(httpContext);
            }

            Cache(hash, entry);
        }

        if (now >= entry.ExpiresAt)
        {
            logger.LogInformation("Session {SessionId} reached its absolute lifetime.", entry.Id);
            audit.SessionExpired(entry.Id, entry.Ticket);
            await RemoveAsync(key, httpContext, cancellationToken);
            return Refused(httpContext);
        }

        var ticket = Deserialize(entry.Ticket);
        if (ticket is null)
        {
            return Refused(httpContext);
        }

        SessionClaims.Set(ticket.Principal, entry.Id, entry.AuthenticatedAt);
        if (now - entry.LastSeenAt >= LastSeenResolution)
        {
            entry.LastSeenAt = now;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Sessions.Where(s => s.KeyHash == hash).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        return ticket;
    }

    private void Cache(string hash, CachedSession entry)
    {
        var lifetime = security.CurrentValue.SessionRevalidationInterval;
        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(hash, entry, lifetime);
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var hash = SessionKeys.Hash(key);
        cache.Remove(hash);
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Sessions.Where(s => s.KeyHash == hash && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        notifier.Publish(Infrastructure.Notifications.ChangeChannels.Sessions, hash);
    }

    /// <summary>Tells the cookie handler that the cookie names no live session, so it can delete it.</summary>
    private static AuthenticationTicket? Refused(HttpContext? httpContext)
    {
        if (httpContext is not null)
        {
            httpContext.Items[SessionCookieHandler.NoSessionKey] = true;
        }

        return null;
    }

    /// <summary>Drops this instance's cached copy; other instances drop theirs when notified (PostgreSQL), else within the revalidation interval.</summary>
    internal void Forget(string keyHash)
    {
        cache.Remove(keyHash);
        notifier.Publish(Infrastructure.Notifications.ChangeChannels.Sessions, keyHash);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static byte[] Serialize(AuthenticationTicket ticket)
    {
        // The session's own claims are added back on every retrieval; the record is their source.
        var principal = ticket.Principal.Clone();
        if (principal.Identity is ClaimsIdentity identity)
        {
            foreach (var claim in identity.FindAll(c => c.Type is SessionClaims.SessionId or SessionClaims.AuthenticatedAt).ToList())
            {
                identity.RemoveClaim(claim);
            }
        }

        return TicketSerializer.Default.Serialize(new AuthenticationTicket(principal, ticket.Properties, ticket.AuthenticationScheme));
    }

    private AuthenticationTicket? Deserialize(byte[] bytes)
    {
        try
        {
            return TicketSerializer.Default.Deserialize(bytes);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or ArgumentException or IOException)
        {
            logger.LogWarning(e, "A stored session ticket could not be read; the session is treated as signed out.");
            return null;
        }
    }

    private static string? Truncate(string? value) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= UserAgentLength ? value : value[..UserAgentLength];

    private sealed record CachedSession(string Id, DateTime AuthenticatedAt, DateTime ExpiresAt, byte[] Ticket)
    {
        public DateTime LastSeenAt { get; set; }
    }
}
