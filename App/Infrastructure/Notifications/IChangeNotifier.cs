namespace BlazorAuth.Infrastructure.Notifications;

/// <summary>What other instances sharing the database must hear of at once rather than at their next poll.</summary>
public static class ChangeChannels
{
    /// <summary>Authenticators or plugin switches changed: reload the authenticator snapshot. No payload.</summary>
    public const string Authenticators = "blazorauth_authenticators";

    /// <summary>A session ended: drop its cached ticket. The payload is the session's key hash.</summary>
    public const string Sessions = "blazorauth_sessions";
}

/// <summary>
/// Tells the other instances that something changed. On PostgreSQL it is <c>pg_notify</c>; on SQLite and SQL Server it
/// does nothing and the other instances learn of the change at their next poll or revalidation.
/// </summary>
public interface IChangeNotifier
{
    /// <summary>Sends after the caller's change was committed; never throws, never waits for the database.</summary>
    void Publish(string channel, string payload = "");
}

internal sealed class NoChangeNotifier : IChangeNotifier
{
    public void Publish(string channel, string payload = "")
    {
    }
}
