using System.Security.Claims;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// Turns what the sign-in flows report into records and queues them (see <see cref="AuditQueue"/>). Called once per
/// outcome from the flows; never throws into them: a record that cannot be made is logged and forgotten.
/// </summary>
public sealed class AuditRecorder(
    AuditQueue queue,
    LoginNameHasher hasher,
    IHttpContextAccessor accessor,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<AuditOptions> options,
    ILogger<AuditRecorder> logger)
{
    /// <summary>Audit:Enabled. Off, every method returns before making a record: no hashing, no query, nothing queued.</summary>
    private readonly bool enabled = options.Value.Enabled;

    /// <summary>A password attempt. The login name is kept only when the attempt resolved to an account (see <see cref="AuditNotes"/>).</summary>
    public async Task PasswordAttemptAsync(HttpContext http, string authenticator, string login, string? reason)
    {
        if (!enabled)
        {
            return;
        }

        try
        {
            var record = New(http, AuditEventTypes.SignIn, reason);
            record.Method = AuditMethods.Password;
            record.Authenticator = Cut(authenticator, AuditEvent.AuthenticatorLength);
            record.UserId = AuditNotes.UserOf(http);
            var typed = login.Trim();
            if (record.UserId is not null)
            {
                record.LoginName = Cut(typed, AuditEvent.LoginNameMax);
            }
            else if (typed.Length > 0)
            {
                record.LoginNameHash = await hasher.HashAsync(typed, http.RequestAborted);
                record.LoginNameLength = typed.Length;
            }

            record.SessionId = reason is null ? AuditNotes.SessionOf(http) : null;
            queue.Enqueue(record);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not make the audit record of a password sign-in.");
        }
    }

    /// <summary>An attempt through the external sign-in core (DingTalk web and in-app, and any later provider).</summary>
    public void ExternalAttempt(HttpContext http, string authenticator, string method, string? reason, Exception? failure = null)
    {
        if (!enabled)
        {
            return;
        }

        var record = New(http, AuditEventTypes.SignIn, reason);
        record.Method = Cut(method, AuditEvent.MethodLength);
        record.Authenticator = Cut(authenticator, AuditEvent.AuthenticatorLength);
        record.UserId = AuditNotes.UserOf(http);
        record.SessionId = reason is null ? AuditNotes.SessionOf(http) : null;
        record.RequestId = Cut(RequestIdOf(failure), AuditEvent.RequestIdLength);
        queue.Enqueue(record);
    }

    /// <summary>
    /// A link the user started that did not happen: the provider's account is bound to another user, the user already has
    /// another binding there, the browser came back as someone else, the provider failed or the user cancelled.
    /// <paramref name="reason"/> is the code the flow sends to /account (<c>LinkResults</c>, <c>SignInErrors</c>);
    /// <paramref name="failure"/> carries DingTalk's requestid when the provider failed. Queued like a failed sign-in:
    /// there is no change for it to commit with.
    /// </summary>
    public void LinkRefused(HttpContext http, string userId, string authenticator, string reason, Exception? failure = null) =>
        AccountRefused(http, AuditEventTypes.AccountLinked, userId, authenticator, reason, failure);

    /// <summary>An unlink /account refused (the binding is the user's last way to sign in, or there is no such binding).</summary>
    public void UnlinkRefused(HttpContext http, string userId, string authenticator, string reason) =>
        AccountRefused(http, AuditEventTypes.AccountUnlinked, userId, authenticator, reason, null);

    private void AccountRefused(HttpContext http, string type, string userId, string authenticator, string reason, Exception? failure)
    {
        if (!enabled)
        {
            return;
        }

        var record = New(http, type, reason);
        record.UserId = record.ActorId = Cut(userId, AuditEvent.UserIdLength);
        record.Authenticator = Cut(authenticator, AuditEvent.AuthenticatorLength);
        record.RequestId = Cut(RequestIdOf(failure), AuditEvent.RequestIdLength);
        queue.Enqueue(record);
    }

    /// <summary>After a wrong password was counted: records the lockout it caused, if it caused one.</summary>
    public async Task LockoutIfLockedAsync(HttpContext http, UserManager<AppUser> users, AppUser user)
    {
        if (!enabled)
        {
            return;
        }

        if (await users.IsLockedOutAsync(user))
        {
            var record = New(http, AuditEventTypes.Lockout, "too_many_failures");
            record.UserId = user.Id;
            record.Method = AuditMethods.Password;
            queue.Enqueue(record);
        }
    }

    public void SignOut(HttpContext http, ClaimsPrincipal user, string? sessionId)
    {
        if (!enabled)
        {
            return;
        }

        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return;
        }

        var record = New(http, AuditEventTypes.SignOut, null);
        record.UserId = record.ActorId = userId;
        record.Authenticator = Cut(user.FindFirstValue(ClaimTypes.AuthenticationMethod), AuditEvent.AuthenticatorLength);
        record.SessionId = sessionId;
        queue.Enqueue(record);
    }

    /// <summary>
    /// Sessions of a user ended by someone: the user, an administrator, or a change that ends them (lock, reset). One
    /// record per act; <paramref name="sessionId"/> null means all (or all but the current one). The actor is
    /// <paramref name="actorId"/> when the caller knows it (a console circuit, whose request is long gone), else the
    /// request's user.
    /// </summary>
    public void SessionsRevoked(string userId, string? sessionId, int count, string? actorId = null)
    {
        if (!enabled || count == 0)
        {
            return;
        }

        var http = accessor.HttpContext is { WebSockets.IsWebSocketRequest: false } context ? context : null;
        var record = http is null ? Bare(AuditEventTypes.SessionRevoked) : New(http, AuditEventTypes.SessionRevoked, null);
        record.UserId = userId;
        record.SessionId = sessionId;
        record.ActorId = Cut(actorId ?? http?.User.FindFirstValue(ClaimTypes.NameIdentifier), AuditEvent.UserIdLength);
        record.Detail = "count=" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        queue.Enqueue(record);
    }

    /// <summary>A session that reached its absolute lifetime, noticed when its cookie came back.</summary>
    public void SessionExpired(string sessionId, byte[] ticket)
    {
        if (!enabled)
        {
            return;
        }

        string? userId = null;
        try
        {
            userId = Microsoft.AspNetCore.Authentication.TicketSerializer.Default.Deserialize(ticket)?.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or ArgumentException or IOException)
        {
            logger.LogDebug(e, "An expired session's ticket could not be read for its audit record.");
        }

        var record = Bare(AuditEventTypes.SessionExpired);
        record.UserId = userId;
        record.SessionId = sessionId;
        queue.Enqueue(record);
    }

    private AuditEvent Bare(string type) => new() { At = clock.GetUtcNow().UtcDateTime, Type = type, Result = AuditResults.Success };

    private AuditEvent New(HttpContext http, string type, string? reason)
    {
        var record = Bare(type);
        record.Result = reason is null ? AuditResults.Success : AuditResults.Failure;
        record.Reason = Cut(reason, AuditEvent.ReasonLength);
        AuditTrail.FillClient(record, http);
        return record;
    }

    /// <summary>DingTalk's requestid of a failed call, wherever in the exception chain it is.</summary>
    internal static string? RequestIdOf(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is DingTalkAuthenticationException { RequestId: { Length: > 0 } id })
            {
                return id;
            }
        }

        return null;
    }

    internal static string? Cut(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
