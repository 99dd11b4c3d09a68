// A fake of DingTalk's OAuth2 web login for the sign-in load test, on 127.0.0.1 only. It answers as the user the
// load generator names in the x-fake-user header of the authorize request, so one run cycles N distinct users.
// Protocol: https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BlazorAuth.Bench.FakeDingTalk;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:0");
var apps = (builder.Configuration["apps"] ?? "bench-client:bench-secret").Split(',')
    .Select(a => a.Split(':', 2)).ToDictionary(a => a[0], a => a[1], StringComparer.Ordinal);
var codes = new ConcurrentDictionary<string, (string ClientId, string User, long Expires)>(StringComparer.Ordinal);
var tokenKey = RandomNumberGenerator.GetBytes(32);

var app = builder.Build();

app.MapGet("/healthz", () => "Healthy");

app.MapGet("/oauth2/auth", (HttpRequest request, string? client_id, string? redirect_uri, string? state) =>
{
    if (client_id is null || !apps.ContainsKey(client_id)) return Results.BadRequest($"client_id {client_id} is not a registered app");
    if (!Uri.TryCreate(redirect_uri, UriKind.Absolute, out var redirect) || redirect.Scheme is not ("http" or "https"))
        return Results.BadRequest("redirect_uri is missing or not an absolute http(s) URL");
    var user = request.Headers["x-fake-user"].ToString() is { Length: > 0 } u ? u : "perf-0";
    var code = "code-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    codes[code] = (client_id, user, Environment.TickCount64 + 300_000);
    var location = $"{redirect_uri}{(redirect_uri!.Contains('?') ? '&' : '?')}authCode={code}" +
        (state is null ? "" : "&state=" + Uri.EscapeDataString(state));
    return Results.Redirect(location);
});

app.MapPost("/v1.0/oauth2/userAccessToken", (TokenRequest body) =>
{
    if (body.ClientId is null || !apps.TryGetValue(body.ClientId, out var secret) || secret != body.ClientSecret)
        return Results.Json(new DingTalkError("InvalidAuthentication", "Invalid clientId or clientSecret (fake)"), statusCode: 400);
    if (body.GrantType != "authorization_code")
        return Results.Json(new DingTalkError("invalidParameter.grantType", "grantType must be authorization_code (fake)"), statusCode: 400);
    // A code is single-use: removing it on the first exchange also keeps the map bounded under load.
    if (body.Code is null || !codes.TryRemove(body.Code, out var c) || c.ClientId != body.ClientId || c.Expires < Environment.TickCount64)
        return Results.Json(new DingTalkError("invalidParameter.authCode.notFound", "authCode not found, expired or already used (fake)"), statusCode: 400);
    return Results.Json(new TokenResponse(FakeTokens.Issue(tokenKey, c.User), "rt-" + Guid.NewGuid().ToString("N"), 7200, "ding-fake-corp"));
});

app.MapGet("/v1.0/contact/users/me", (HttpRequest request) =>
    FakeTokens.Read(tokenKey, request.Headers["x-acs-dingtalk-access-token"].ToString()) is { } user
        ? Results.Json(FakeUser.For(user))
        : Results.Json(new DingTalkError("InvalidAuthentication", "access token is invalid (fake)"), statusCode: 401));

app.MapPost("/v1.0/oauth2/accessToken", (AppTokenRequest body) =>
    body.AppKey is not null && apps.TryGetValue(body.AppKey, out var secret) && secret == body.AppSecret
        ? Results.Json(new { accessToken = "app-" + Guid.NewGuid().ToString("N"), expireIn = 7200 })
        : Results.Json(new DingTalkError("InvalidAuthentication", "Invalid appKey or appSecret (fake)"), statusCode: 400));

// Expire codes of abandoned flows, so a long run stays bounded.
_ = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
    while (await timer.WaitForNextTickAsync())
        foreach (var (code, c) in codes)
            if (c.Expires < Environment.TickCount64) codes.TryRemove(code, out _);
});

await app.StartAsync();
Console.WriteLine($"FAKE_DINGTALK_URL={app.Urls.First()}");
await app.WaitForShutdownAsync();

namespace BlazorAuth.Bench.FakeDingTalk
{
    internal sealed record TokenRequest(string? ClientId, string? ClientSecret, string? Code, string? GrantType);
    internal sealed record AppTokenRequest(string? AppKey, string? AppSecret);
    internal sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpireIn, string CorpId);
    internal sealed record DingTalkError(string Code, string Message);

    internal sealed record FakeUser(string Nick, string AvatarUrl, string Mobile, string StateCode, string OpenId, string UnionId, bool Visitor)
    {
        // An 11-digit mainland mobile derived from the whole key, so two keys never share one.
        public static FakeUser For(string key)
        {
            var n = BitConverter.ToUInt64(SHA1.HashData(Encoding.UTF8.GetBytes(key))) % 10_000_000_000UL;
            return new(key, $"https://static.example.invalid/avatar/{Uri.EscapeDataString(key)}.png", "1" + n.ToString("D10"), "86",
                "open-" + key, "union-" + key, false);
        }
    }

    /// <summary>Access tokens carry their user, MACed, so the fake keeps no token table under load.</summary>
    internal static class FakeTokens
    {
        public static string Issue(byte[] key, string user)
        {
            var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(user)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return "at-" + payload + "." + Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
        }

        public static string? Read(byte[] key, string token)
        {
            var dot = token.IndexOf('.');
            if (!token.StartsWith("at-", StringComparison.Ordinal) || dot < 0) return null;
            var payload = token[3..dot];
            var mac = Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(token[(dot + 1)..]))) return null;
            var b64 = payload.Replace('-', '+').Replace('_', '/');
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=')));
        }
    }
}
