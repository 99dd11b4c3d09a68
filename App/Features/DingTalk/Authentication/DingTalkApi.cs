using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace BlazorAuth.Features.DingTalk.Authentication;

/// <summary>
/// Sends one call to DingTalk's new API and turns every way it can go wrong into a <see cref="DingTalkAuthenticationException"/>.
/// Error shape: {"code","message","requestid","accessdenieddetail":{"requiredScopes":[…]}}
/// (https://open.dingtalk.com/document/orgapp/obtain-user-token).
/// </summary>
internal static class DingTalkApi
{
    /// <summary>
    /// One measured call: <paramref name="check"/> may refuse a successful HTTP answer by what it says (topapi's
    /// non-zero errcode), so that the call's status tells that too.
    /// </summary>
    public static async Task<DingTalkAnswer> SendAsync(HttpClient client, HttpRequestMessage request, bool isTokenCall, DingTalkCallMetrics metrics,
        string endpoint, CancellationToken cancellationToken, Action<DingTalkAnswer>? check = null)
    {
        var started = metrics.Start();
        DingTalkAnswer? answer = null;
        try
        {
            answer = await SendAsync(client, request, isTokenCall, cancellationToken);
            check?.Invoke(answer);
            metrics.Record(endpoint, started, null);
            return answer;
        }
        catch (DingTalkAuthenticationException ex)
        {
            answer?.Dispose();
            metrics.Record(endpoint, started, ex.Failure);
            throw;
        }
    }

    internal static async Task<DingTalkAnswer> SendAsync(HttpClient client, HttpRequestMessage request, bool isTokenCall, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DingTalkAuthenticationException(DingTalkFailure.Timeout, $"DingTalk did not answer {request.RequestUri?.AbsolutePath} in time.", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DingTalkAuthenticationException(DingTalkFailure.Unavailable, $"DingTalk could not be reached at {request.RequestUri?.AbsolutePath}.", inner: ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var document = TryParse(text);
            var headerRequestId = response.Headers.TryGetValues("x-acs-request-id", out var ids) ? ids.FirstOrDefault() : null;
            if (response.IsSuccessStatusCode)
            {
                if (document?.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document?.Dispose();
                    throw new DingTalkAuthenticationException(DingTalkFailure.MalformedResponse,
                        $"DingTalk answered {request.RequestUri?.AbsolutePath} with a body that is not a JSON object.", requestId: headerRequestId);
                }

                return new DingTalkAnswer(document, headerRequestId);
            }

            using (document)
            {
                throw ToException(response.StatusCode, document, headerRequestId, isTokenCall, request.RequestUri?.AbsolutePath);
            }
        }
    }

    private static DingTalkAuthenticationException ToException(HttpStatusCode status, JsonDocument? document, string? headerRequestId, bool isTokenCall, string? path)
    {
        var root = document?.RootElement;
        var code = String(root, "code");
        var requestId = String(root, "requestid") ?? String(root, "requestId") ?? headerRequestId;
        var scopes = root is { ValueKind: JsonValueKind.Object } r
            && r.TryGetProperty("accessdenieddetail", out var detail) && detail.ValueKind == JsonValueKind.Object
            && detail.TryGetProperty("requiredScopes", out var required) && required.ValueKind == JsonValueKind.Array
                ? required.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToList()
                : [];
        var message = $"DingTalk answered {path} with HTTP {(int)status}{(code is null ? "" : $" ({code})")}.";

        if ((int)status >= 500)
        {
            return new(DingTalkFailure.Unavailable, message, code, requestId, scopes);
        }

        if (code is null)
        {
            return new(DingTalkFailure.MalformedResponse, message, requestId: requestId);
        }

        var failure = code switch
        {
            _ when scopes.Count > 0 => DingTalkFailure.PermissionDenied,
            "invalidParameter.authCode.notFound" => DingTalkFailure.CodeInvalid,
            "InvalidAuthentication" when isTokenCall => DingTalkFailure.InvalidClient,
            _ => DingTalkFailure.ProviderError,
        };
        return new(failure, message, code, requestId, scopes);
    }

    private static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A successful answer, with DingTalk's request id so that a later refusal of its content can still quote it.</summary>
internal sealed class DingTalkAnswer(JsonDocument body, string? requestId) : IDisposable
{
    public JsonDocument Body { get; } = body;

    public string? RequestId { get; } = requestId;

    public void Dispose() => Body.Dispose();
}
