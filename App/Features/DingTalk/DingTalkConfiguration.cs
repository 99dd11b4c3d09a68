namespace BlazorAuth.Features.DingTalk;

/// <summary>Configuration section "DingTalk": where DingTalk is, and how long the app waits for it.</summary>
public sealed class DingTalkConfiguration
{
    public const string Section = "DingTalk";

    public string LoginBaseUrl { get; set; } = "https://login.dingtalk.com";

    public string ApiBaseUrl { get; set; } = "https://api.dingtalk.com";

    /// <summary>DingTalk's older server API, which the in-app sign-in's topapi calls go to.</summary>
    public string OapiBaseUrl { get; set; } = "https://oapi.dingtalk.com";

    /// <summary>
    /// DingTalk's JSAPI script for the in-app sign-in: DingTalk's published CDN copy of the dingtalk-jsapi package, or a
    /// local path ("/js/…") to a copy served by the app. An external origin is added to the CSP's script-src.
    /// </summary>
    public string JsApiUrl { get; set; } = DefaultJsApiUrl;

    public const string DefaultJsApiUrl = "https://g.alicdn.com/dingding/dingtalk-jsapi/3.0.25/dingtalk.open.js";

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
