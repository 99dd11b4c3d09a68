namespace BlazorAuth.Features.Users;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The shortest interval kept; zero (or less) means "on every request" and becomes this.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(1);

    private TimeSpan sessionRevalidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How soon a changed security stamp (lock, password change, role change) ends existing sessions. A zero interval
    /// would make a circuit's revalidation loop spin without ever yielding (Task.Delay(0) completes at once, and SQLite's
    /// async calls complete synchronously), hanging the request that starts it; so it is kept at <see cref="MinimumInterval"/>.
    /// </summary>
    public TimeSpan SessionRevalidationInterval
    {
        get => sessionRevalidationInterval;
        set => sessionRevalidationInterval = value < MinimumInterval ? MinimumInterval : value;
    }
}
