namespace BlazorAuth.Features.Sessions;

/// <summary>A session as its row in a sessions list reads.</summary>
public sealed record SessionRow(string Id, string Device, string Method, string Address, string Started, string LastActive, bool Current);

/// <summary>The sessions lists of /account and the console's user details: the rows, and signing sessions out.</summary>
public interface ISessionList
{
    Task<IReadOnlyList<SessionRow>> RowsAsync(string userId, string? currentSessionId, CancellationToken ct = default);

    Task<bool> EndAsync(string userId, string sessionId, CancellationToken ct = default);

    Task<int> EndAllAsync(string userId, string? exceptSessionId = null, CancellationToken ct = default);
}

/// <summary>Called from circuits (the console, /account's list) where the request is gone: the actor comes from the circuit's user.</summary>
internal sealed class SessionList(SessionDirectory sessions, SessionDisplay display, BlazorAuth.Features.Audit.AuditActor actor) : ISessionList
{
    public async Task<IReadOnlyList<SessionRow>> RowsAsync(string userId, string? currentSessionId, CancellationToken ct = default) =>
        [.. (await sessions.ListAsync(userId, currentSessionId, ct)).Select(s => new SessionRow(
            s.Id, display.Device(s.UserAgent), display.Method(s), display.Address(s),
            display.Started(s), display.LastActive(s), s.Current))];

    public async Task<bool> EndAsync(string userId, string sessionId, CancellationToken ct = default) =>
        await sessions.EndAsync(userId, sessionId, ct, await actor.IdAsync());

    public async Task<int> EndAllAsync(string userId, string? exceptSessionId = null, CancellationToken ct = default) =>
        await sessions.EndAllAsync(userId, exceptSessionId, ct, await actor.IdAsync());
}
