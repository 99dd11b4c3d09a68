namespace BlazorAuth.Features.Audit;

/// <summary>The "Audit" section of configuration.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// False records nothing at all: no sign-in events are queued (the writer never starts), no admin or account change
    /// adds its row. Read at start. Records already stored stay readable, and retention still deletes the old ones.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Records older than this many days are deleted by the retention job. 0 keeps everything.</summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>How many sign-in events may wait in memory for the writer; beyond it failures are dropped first.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>At most this many queued events are written in one SaveChanges.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long the writer lets events gather after the first one arrives before it stores them (not at all when a full
    /// batch already waits): a burst of sign-ins then shares one write instead of each paying a transaction and its
    /// fsync. Negative counts as 0 (write at once); at most 10 s.
    /// </summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Retention deletes this many records per statement, so it never holds a long lock.</summary>
    public int RetentionBatchSize { get; set; } = 1_000;

    /// <summary>How often the retention job runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}
