namespace BlazorAuth.Infrastructure.Data;

/// <summary>When the periodic clean-ups (old sessions, old audit records) first run after a start.</summary>
public static class BackgroundWrites
{
    /// <summary>
    /// A minute in: a start is busy (migrations check, seeding, the first requests), the clean-ups are not urgent, and a
    /// delete holds the one SQLite writer lock even when it finds nothing to delete.
    /// </summary>
    public static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(1);
}
