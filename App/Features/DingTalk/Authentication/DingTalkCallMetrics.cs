using System.Diagnostics;
using System.Diagnostics.Metrics;
using BlazorAuth.Infrastructure.Telemetry;

namespace BlazorAuth.Features.DingTalk.Authentication;

/// <summary>
/// blazorauth.dingtalk.call.duration on the app's "BlazorAuth" meter: each call to DingTalk, tagged with a fixed endpoint
/// name and how it ended. Never a URL (topapi carries the access token in its query), a user or a token.
/// </summary>
public sealed class DingTalkCallMetrics
{
    public const string InstrumentName = "blazorauth.dingtalk.call.duration";

    public static class Endpoints
    {
        public const string UserAccessToken = "oauth2.userAccessToken";
        public const string UsersMe = "contact.users.me";
        public const string AppAccessToken = "oauth2.accessToken";
        public const string TopapiGetUserInfo = "topapi.user.getuserinfo";
        public const string TopapiUserGet = "topapi.user.get";
    }

    private readonly Histogram<double> duration;

    public DingTalkCallMetrics(IMeterFactory meters)
    {
        // The factory hands back the app's one meter of this name; only the instrument is this feature's.
        duration = meters.Create(SignInTelemetry.MeterName)
            .CreateHistogram<double>(InstrumentName, unit: "s", description: "Time one call to DingTalk took, by endpoint and status.");
    }

    public long Start() => Stopwatch.GetTimestamp();

    /// <summary><paramref name="failure"/> null is a success; else the failure's class, never its message.</summary>
    public void Record(string endpoint, long started, DingTalkFailure? failure) =>
        duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new TagList
        {
            { "endpoint", endpoint },
            { "status", Status(failure) },
        });

    internal static string Status(DingTalkFailure? failure) => failure switch
    {
        null => "success",
        DingTalkFailure.Timeout => "timeout",
        DingTalkFailure.Unavailable => "unavailable",
        DingTalkFailure.MalformedResponse => "malformed",
        _ => "error",
    };
}
