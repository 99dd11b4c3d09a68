using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.ExternalSignIn;

namespace BlazorAuth.Features.DingTalk.InApp;

/// <summary>
/// The in-app sign-in's exchange: the code from dd.requestAuthCode → userid (topapi/v2/user/getuserinfo) → the member's
/// details (topapi/v2/user/get), with the internal app's own token. topapi answers HTTP 200 with a non-zero errcode when
/// it refuses; see https://open.dingtalk.com/document/orgapp/obtain-the-userid-of-a-user-by-using-the-log-free and
/// https://open.dingtalk.com/document/orgapp/query-user-details.
/// </summary>
public sealed partial class DingTalkTopApi(IHttpClientFactory httpClients, DingTalkEndpoints endpoints, DingTalkCallMetrics metrics, DingTalkAppTokens tokens)
{
    public const string GetUserInfoPath = "/topapi/v2/user/getuserinfo";
    public const string UserGetPath = "/topapi/v2/user/get";

    /// <summary>"不存在的临时授权码": the code is unknown, expired or used.</summary>
    public const int CodeNotFound = 40078;

    /// <summary>Global error codes: 88 is "look at sub_code"; 60011 is "no permission for this API".</summary>
    public const int SeeSubCode = 88;
    public const int NoPermission = 60011;

    /// <summary>The access token is invalid (40014) or expired (42001).</summary>
    private static readonly int[] TokenRefused = [40014, 42001];

    /// <summary>"System busy".</summary>
    private const int Busy = -1;

    public async Task<ExternalIdentity> ExchangeAsync(string authenticator, string clientId, string clientSecret, string code, CancellationToken ct)
    {
        var token = await tokens.GetAsync(authenticator, clientId, clientSecret, ct);
        string userId;
        using (var info = await CallAsync(authenticator, GetUserInfoPath, token, new { code }, DingTalkCallMetrics.Endpoints.TopapiGetUserInfo, ct))
        {
            userId = Text(Result(info), "userid")
                ?? throw new DingTalkAuthenticationException(DingTalkFailure.MalformedResponse, "DingTalk's getuserinfo answer has no userid.", requestId: info.RequestId);
        }

        using var details = await CallAsync(authenticator, UserGetPath, token, new { userid = userId }, DingTalkCallMetrics.Endpoints.TopapiUserGet, ct);
        var user = Result(details);
        var unionId = Text(user, "unionid")
            ?? throw new DingTalkAuthenticationException(DingTalkFailure.MissingUnionId, "DingTalk's user/get answer has no unionid.", requestId: details.RequestId);
        var mobile = Text(user, "mobile")
            ?? throw new DingTalkAuthenticationException(DingTalkFailure.MissingMobile,
                "DingTalk's user/get answer has no mobile; the app needs the permission to read members' phone numbers.", requestId: details.RequestId);
        return new ExternalIdentity(unionId, Text(user, "name"), mobile, Text(user, "state_code"), Text(user, "email") ?? Text(user, "org_email"), Text(user, "avatar"));
    }

    private async Task<DingTalkAnswer> CallAsync(string authenticator, string path, string token, object body, string endpoint, CancellationToken ct)
    {
        var client = httpClients.CreateClient(DingTalkAuthenticationDefaults.HttpClientName);
        // topapi takes the token only in the query. HttpClient's logs redact query strings, and no message here quotes the URL.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{endpoints.ResolveInApp().OapiBaseUrl.TrimEnd('/')}{path}?access_token={Uri.EscapeDataString(token)}")
        {
            Content = JsonContent.Create(body),
        };
        return await DingTalkApi.SendAsync(client, request, isTokenCall: false, metrics, endpoint, ct, answer => Check(answer, path, authenticator));
    }

    private void Check(DingTalkAnswer answer, string path, string authenticator)
    {
        var root = answer.Body.RootElement;
        var requestId = Text(root, "request_id") ?? answer.RequestId;
        if (!root.TryGetProperty("errcode", out var errcodeElement) || !errcodeElement.TryGetInt32(out var errcode))
        {
            throw new DingTalkAuthenticationException(DingTalkFailure.MalformedResponse, $"DingTalk answered {path} without an errcode.", requestId: requestId);
        }

        if (errcode == 0)
        {
            if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object)
            {
                return;
            }

            throw new DingTalkAuthenticationException(DingTalkFailure.MalformedResponse, $"DingTalk answered {path} without a result.", requestId: requestId);
        }

        var subCode = Text(root, "sub_code");
        var words = Text(root, "sub_msg") ?? Text(root, "errmsg");
        var dingTalkCode = subCode is null ? errcode.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{errcode}/{subCode}";
        var message = $"DingTalk refused {path} with errcode {dingTalkCode}.";
        if (TokenRefused.Contains(errcode) || subCode is "40014" or "42001")
        {
            tokens.Forget(authenticator);
        }

        if (errcode == NoPermission || (errcode == SeeSubCode && subCode == NoPermission.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            // DingTalk names the missing permission in brackets when it knows it, e.g. "…所需的权限：[qyapi_get_member]".
            var named = words is null ? null : PermissionName().Match(words) is { Success: true } m ? m.Groups[1].Value : null;
            throw new DingTalkAuthenticationException(DingTalkFailure.PermissionDenied, message, dingTalkCode, requestId, named is null ? null : [named]);
        }

        var failure = errcode switch
        {
            CodeNotFound => DingTalkFailure.CodeInvalid,
            Busy => DingTalkFailure.Unavailable,
            _ => DingTalkFailure.ProviderError,
        };
        throw new DingTalkAuthenticationException(failure, message, dingTalkCode, requestId);
    }

    private static JsonElement Result(DingTalkAnswer answer) => answer.Body.RootElement.GetProperty("result");

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    [GeneratedRegex(@"\[([A-Za-z][A-Za-z0-9_.]{1,63})\]")]
    private static partial Regex PermissionName();
}
