using System.Globalization;
using BlazorAuth.Features.Authenticators;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Sessions;

/// <summary>How a session row reads: "Chrome on Windows", the authenticator's title, UTC times.</summary>
public sealed class SessionDisplay(AuthenticatorSnapshot authenticators, AuthenticatorTitles titles, IStringLocalizer<SessionsText> L)
{
    // Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", Android says "Linux".
    private static readonly (string Token, string Name)[] Browsers =
        [("DingTalk", "DingTalk"), ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari")];

    private static readonly (string Token, string Name)[] Systems =
        [("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")];

    public string Device(string? userAgent)
    {
        var browser = Find(Browsers, userAgent);
        var system = Find(Systems, userAgent);
        return (browser, system) switch
        {
            (null, null) => L["UnknownBrowser"],
            (not null, not null) => L["BrowserOn", browser, system],
            _ => browser ?? system!,
        };
    }

    public string Method(SessionView session)
    {
        var authenticator = authenticators.Current.Authenticators.FirstOrDefault(a => a.Name == session.Authenticator);
        return L["SignedInWith", authenticator is null ? session.Authenticator ?? "?" : titles.Of(authenticator)];
    }

    public string Address(SessionView session) => session.IpAddress ?? L["UnknownAddress"];

    public string Started(SessionView session) => L["Started", Time(session.CreatedAt)];

    public string LastActive(SessionView session) => L["LastActive", Time(session.LastSeenAt)];

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string? Find((string Token, string Name)[] known, string? userAgent) =>
        userAgent is null ? null : known.FirstOrDefault(k => userAgent.Contains(k.Token, StringComparison.Ordinal)).Name;
}
