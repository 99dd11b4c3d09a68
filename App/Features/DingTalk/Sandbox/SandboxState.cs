using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BlazorAuth.Features.DingTalk.Sandbox;

/// <summary>The sandbox's memory: its demo users, the codes and tokens it issued, and what it was told to break.</summary>
public sealed class SandboxState
{
    private readonly ConcurrentDictionary<string, Grant> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SandboxUser> users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> appTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InAppGrant> inAppCodes = new(StringComparer.Ordinal);
    private int tokenRequests;
    private int userInfoRequests;
    private int appTokenRequests;
    private string? lastRequestId;

    public SandboxState()
    {
        foreach (var user in DemoUsers)
        {
            users[user.UnionId] = user;
        }
    }

    public const string AcmeCorpId = "dingsandboxacme";
    public const string GlobexCorpId = "dingsandboxglobex";

    public static IReadOnlyList<SandboxOrganisation> DemoOrganisations { get; } =
    [
        new(AcmeCorpId, "Acme Trading"),
        new(GlobexCorpId, "Globex Logistics"),
    ];

    /// <summary>张三 works at Acme, Li Si at Globex, Jan Jansen at both.</summary>
    public static IReadOnlyList<SandboxUser> DemoUsers { get; } =
    [
        new("sandbox-union-zhangsan", "sandbox-open-zhangsan", "张三", "13800000001", "86", "zhangsan@example.com", null, [AcmeCorpId]),
        new("sandbox-union-lisi", "sandbox-open-lisi", "Li Si", "13800000002", "86", "lisi@example.com", null, [GlobexCorpId]),
        new("sandbox-union-jansen", "sandbox-open-jansen", "Jan Jansen", "612345678", "31", null, null, [AcmeCorpId, GlobexCorpId]),
    ];

    public static string OrganisationName(string corpId) => DemoOrganisations.FirstOrDefault(o => o.CorpId == corpId)?.Name ?? corpId;

    public IEnumerable<SandboxUser> Users => users.Values.OrderBy(u => u.UnionId, StringComparer.Ordinal);

    /// <summary>What the token endpoint does next. Tests and the failure journeys set it.</summary>
    public SandboxFault TokenFault { get; set; }

    /// <summary>What the app-token call ("Test connection") does next.</summary>
    public SandboxFault AppTokenFault { get; set; }

    public int AppTokenRequests => appTokenRequests;

    /// <summary>What users/me does next.</summary>
    public SandboxFault UserInfoFault { get; set; }

    /// <summary>What the topapi calls of the in-app sign-in do next.</summary>
    public SandboxFault InAppFault { get; set; }

    public int TokenRequests => tokenRequests;

    public int UserInfoRequests => userInfoRequests;

    /// <summary>The requestid of the sandbox's latest API answer, as DingTalk's support would ask for it.</summary>
    public string? LastRequestId => Volatile.Read(ref lastRequestId);

    /// <summary>Every access token the sandbox handed out, so a test can check none of them reaches a log.</summary>
    public IReadOnlyCollection<string> IssuedAccessTokens => [.. tokens.Keys];

    /// <summary>Every app token the sandbox handed out, for the same check.</summary>
    public IReadOnlyCollection<string> IssuedAppTokens => [.. appTokens.Keys];

    public string NewRequestId()
    {
        var id = "sandbox-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        Volatile.Write(ref lastRequestId, id);
        return id;
    }

    public void AddUser(SandboxUser user) => users[user.UnionId] = user;

    public SandboxUser? FindUser(string unionId) => users.GetValueOrDefault(unionId);

    public string IssueCode(string clientId, string redirectUri, string unionId, string? corpId = null)
    {
        var code = RandomNumberGenerator.GetHexString(32, lowercase: true);
        codes[code] = new Grant(clientId, redirectUri, unionId, DateTimeOffset.UtcNow.AddMinutes(5), corpId);
        return code;
    }

    /// <summary>A code works once: it is removed as it is redeemed.</summary>
    public Grant? RedeemCode(string code, string clientId) => codes.TryRemove(code, out var grant) && grant.ClientId == clientId && grant.ExpiresAt > DateTimeOffset.UtcNow ? grant : null;

    /// <summary>The app token the sandbox hands the internal app; remembered so that topapi can check it.</summary>
    public string IssueAppToken(string clientId)
    {
        var token = RandomNumberGenerator.GetHexString(40, lowercase: true);
        appTokens[token] = clientId;
        return token;
    }

    public string? ClientOfAppToken(string? token) => token is not null && appTokens.TryGetValue(token, out var clientId) ? clientId : null;

    /// <summary>What dd.requestAuthCode returns inside DingTalk: a code for the person, for one app and organisation.</summary>
    public string IssueInAppCode(string clientId, string corpId, string unionId)
    {
        var code = RandomNumberGenerator.GetHexString(32, lowercase: true);
        inAppCodes[code] = new InAppGrant(clientId, corpId, unionId, DateTimeOffset.UtcNow.AddMinutes(5));
        return code;
    }

    /// <summary>Like DingTalk's, an in-app code works once and for its own app.</summary>
    public SandboxUser? RedeemInAppCode(string code, string clientId) =>
        inAppCodes.TryRemove(code, out var grant) && grant.ClientId == clientId && grant.ExpiresAt > DateTimeOffset.UtcNow ? FindUser(grant.UnionId) : null;

    /// <summary>The sandbox's userid of a person: DingTalk's per-organisation id, derived so that it is stable.</summary>
    public static string UserIdOf(SandboxUser user) => "userid-" + user.UnionId;

    public SandboxUser? FindByUserId(string? userId) => Users.FirstOrDefault(u => UserIdOf(u) == userId);

    public void CountTokenRequest() => Interlocked.Increment(ref tokenRequests);

    public void CountAppTokenRequest() => Interlocked.Increment(ref appTokenRequests);

    public string IssueToken(string unionId)
    {
        var token = RandomNumberGenerator.GetHexString(40, lowercase: true);
        tokens[token] = unionId;
        return token;
    }

    public SandboxUser? UserForToken(string? token)
    {
        Interlocked.Increment(ref userInfoRequests);
        return token is not null && tokens.TryGetValue(token, out var unionId) ? FindUser(unionId) : null;
    }

    public void Reset()
    {
        TokenFault = SandboxFault.None;
        UserInfoFault = SandboxFault.None;
        AppTokenFault = SandboxFault.None;
        InAppFault = SandboxFault.None;
        Interlocked.Exchange(ref appTokenRequests, 0);
        Interlocked.Exchange(ref tokenRequests, 0);
        Interlocked.Exchange(ref userInfoRequests, 0);
    }

    public sealed record InAppGrant(string ClientId, string CorpId, string UnionId, DateTimeOffset ExpiresAt);

    public sealed record Grant(string ClientId, string RedirectUri, string UnionId, DateTimeOffset ExpiresAt, string? CorpId = null);
}
