namespace BlazorAuth.Features.DingTalk;

/// <summary>Configuration section "DingTalk": where DingTalk is, and how long the app waits for it.</summary>
public sealed class DingTalkConfiguration
{
    public const string Section = "DingTalk";

    public string LoginBaseUrl { get; set; } = "https://login.dingtalk.com";

    public string ApiBaseUrl { get; set; } = "https://api.dingtalk.com";

    public DingTalkHttpOptions Http { get; set; } = new();
}

public sealed class DingTalkHttpOptions
{
    /// <summary>One try at one call. The code exchange gets exactly one try: its code is single-use.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>users/me (a GET) may be retried this many times on a transient failure.</summary>
    public int GetRetries { get; set; } = 1;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>All tries of one call together.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(9);

    /// <summary>The most a person waits for both calls: one try of the exchange, plus every try of users/me and the pauses between.</summary>
    public TimeSpan WorstCase =>
        Min(CallTimeout, AttemptTimeout)
        + Min(CallTimeout, (AttemptTimeout * (GetRetries + 1)) + (RetryDelay * (Math.Pow(2, GetRetries) - 1)));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
