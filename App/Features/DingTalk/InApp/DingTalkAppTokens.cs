using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlazorAuth.Features.DingTalk.Authentication;

namespace BlazorAuth.Features.DingTalk.InApp;

/// <summary>
/// The internal app's own access token (https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app),
/// cached per authenticator until shortly before DingTalk says it expires. The cache entry remembers a hash of the
/// Client ID and Secret it was obtained with, so a changed secret never reuses the old token. Tokens are never logged.
/// </summary>
public sealed class DingTalkAppTokens(IHttpClientFactory httpClients, DingTalkEndpoints endpoints, DingTalkCallMetrics metrics, TimeProvider clock)
{
    /// <summary>A token is replaced this long before DingTalk's expiry, so a sign-in never carries one that lapses on the way.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> cache = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string authenticator, string clientId, string clientSecret, CancellationToken ct)
    {
        var fingerprint = Fingerprint(clientId, clientSecret);
        if (cache.TryGetValue(authenticator, out var entry) && entry.Fingerprint == fingerprint && clock.GetUtcNow() < entry.RefreshAt)
        {
            return entry.Token;
        }

        cache.TryRemove(authenticator, out _);
        var (token, expireIn) = await RequestAsync(clientId, clientSecret, ct);
        cache[authenticator] = new Entry(fingerprint, token, clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, expireIn)) - RefreshMargin);
        return token;
    }

    /// <summary>Drops the cached token, e.g. when DingTalk said it is no longer valid.</summary>
    public void Forget(string authenticator) => cache.TryRemove(authenticator, out _);

    private async Task<(string Token, long ExpireIn)> RequestAsync(string clientId, string clientSecret, CancellationToken ct)
    {
        var client = httpClients.CreateClient(DingTalkAuthenticationDefaults.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.ResolveInApp().ApiBaseUrl.TrimEnd('/') + DingTalkConnectionTest.AccessTokenPath)
        {
            Content = JsonContent.Create(new { appKey = clientId, appSecret = clientSecret }),
        };
        using var answer = await DingTalkApi.SendAsync(client, request, isTokenCall: true, metrics, DingTalkCallMetrics.Endpoints.AppAccessToken, ct);
        var root = answer.Body.RootElement;
        if (!root.TryGetProperty("accessToken", out var token) || token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString()))
        {
            throw new DingTalkAuthenticationException(DingTalkFailure.TokenMissing, "DingTalk's app token answer has no accessToken.", requestId: answer.RequestId);
        }

        var expireIn = root.TryGetProperty("expireIn", out var seconds) && seconds.TryGetInt64(out var value) ? value : 0;
        return (token.GetString()!, expireIn);
    }

    private static string Fingerprint(string clientId, string clientSecret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(clientId + "\n" + clientSecret)));

    private sealed record Entry(string Fingerprint, string Token, DateTimeOffset RefreshAt);
}
