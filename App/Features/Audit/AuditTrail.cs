using System.Security.Claims;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// Admin and account events: added to the very context that saves the change they record, before its SaveChanges
/// (inside its transaction when there is one), so the change and its record commit together or not at all.
/// </summary>
public static class AuditTrail
{
    /// <summary>Adds the record of a change to <paramref name="db"/>; the caller's next SaveChanges stores both.</summary>
    public static void Stage(AppDbContext db, TimeProvider clock, string type, string? actorId, string? userId = null,
        string? authenticator = null, string? detail = null, HttpContext? http = null)
    {
        if (!IsEnabled(db))
        {
            return;
        }

        var record = new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            Type = type,
            Result = AuditResults.Success,
            ActorId = AuditRecorder.Cut(actorId, AuditEvent.UserIdLength),
            UserId = AuditRecorder.Cut(userId, AuditEvent.UserIdLength),
            Authenticator = AuditRecorder.Cut(authenticator, AuditEvent.AuthenticatorLength),
            Detail = AuditRecorder.Cut(detail, AuditEvent.DetailLength),
        };
        if (http is not null)
        {
            FillClient(record, http);
        }

        db.AuditEvents.Add(record);
    }

    /// <summary>Same as <see cref="Stage"/>, then saves: for a change whose own save already happened inside an open transaction.</summary>
    public static async Task WriteAsync(AppDbContext db, TimeProvider clock, string type, string? actorId, string? userId = null,
        string? authenticator = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        Stage(db, clock, type, actorId, userId, authenticator, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The records of an authenticator's edit: the change, the switch if it flipped, and which secret fields now hold
    /// another value (compared before they are protected; never the values).
    /// </summary>
    public static void StageEdit(AppDbContext db, TimeProvider clock, string authenticator, bool wasEnabled, bool enabled,
        IReadOnlyDictionary<string, string> secretsBefore, IReadOnlyDictionary<string, string> secretsAfter, string? actorId)
    {
        Stage(db, clock, AuditEventTypes.AuthenticatorChanged, actorId, authenticator: authenticator);
        if (wasEnabled != enabled)
        {
            Stage(db, clock, enabled ? AuditEventTypes.AuthenticatorEnabled : AuditEventTypes.AuthenticatorDisabled, actorId, authenticator: authenticator);
        }

        var rotated = secretsAfter.Where(s => !secretsBefore.TryGetValue(s.Key, out var old) || old != s.Value)
            .Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        if (rotated.Count > 0)
        {
            Stage(db, clock, AuditEventTypes.SecretRotated, actorId, authenticator: authenticator, detail: string.Join(",", rotated));
        }
    }

    /// <summary>"+Admin -Editor": the roles a change granted and revoked.</summary>
    public static string RoleChange(IEnumerable<string> added, IEnumerable<string> removed) =>
        string.Join(' ', added.Select(r => "+" + r).Concat(removed.Select(r => "-" + r)));

    /// <summary>
    /// Audit:Enabled, from the app's services the context was made with (the callers pass a context, not options).
    /// A context made without them (design-time, a test's own provider) records as it always did.
    /// </summary>
    private static bool IsEnabled(AppDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<IOptions<AuditOptions>>()?.Value.Enabled ?? true;

    internal static void FillClient(AuditEvent record, HttpContext http)
    {
        record.IpAddress = AuditRecorder.Cut(http.Connection.RemoteIpAddress?.ToString(), AuditEvent.IpLength);
        record.UserAgent = AuditRecorder.Cut(http.Request.Headers.UserAgent.ToString(), AuditEvent.UserAgentLength);
    }
}

/// <summary>
/// Who is acting, for stores that are called both from the API (a request) and from the console (a circuit, where the
/// request is long gone and the circuit's authentication state is the truth).
/// </summary>
public sealed class AuditActor(IHttpContextAccessor http, IServiceProvider services)
{
    public async Task<string?> IdAsync()
    {
        if (http.HttpContext is { WebSockets.IsWebSocketRequest: false } context && context.User.Identity?.IsAuthenticated == true)
        {
            return context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        }

        if (services.GetService<AuthenticationStateProvider>() is { } state)
        {
            try
            {
                return (await state.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
            }
            catch (InvalidOperationException)
            {
                // Outside a circuit the server's provider has no state: no signed-in actor.
            }
        }

        return http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
    }
}

/// <summary>For a change saved through the request's own context (Identity's stores share it): records it in that context.</summary>
public sealed class AuditChanges(BlazorAuth.Infrastructure.Data.AppDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    /// <summary>Records a change the user made to their own account (<paramref name="actorId"/> null) or someone made for them.</summary>
    public async Task RecordAsync(string type, string userId, string? actorId = null, string? authenticator = null, string? detail = null,
        CancellationToken cancellationToken = default)
    {
        AuditTrail.Stage(db, clock, type, actorId ?? userId, userId, authenticator, detail, http.HttpContext);
        await db.SaveChangesAsync(cancellationToken);
    }
}
