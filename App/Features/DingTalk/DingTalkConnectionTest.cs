using System.Net.Http.Json;
using System.Text.Json;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Authentication;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.DingTalk;

/// <summary>
/// "Test connection": asks DingTalk for the app's own access token with the Client ID and Secret, which proves the pair
/// without any user (https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app). It goes
/// through the sign-in's backchannel, whose pipeline never retries a POST and caps each try.
/// </summary>
public sealed class DingTalkConnectionTest(
    IHttpClientFactory httpClients,
    DingTalkEndpoints endpoints,
    DingTalkCallMetrics metrics,
    IStringLocalizer<DingTalkText> L,
    ILogger<DingTalkConnectionTest> logger) : IAuthConnectionTest
{
    public const string AccessTokenPath = "/v1.0/oauth2/accessToken";

    public string Type => DingTalkPlugin.TypeName;

    public async Task<ConnectionTestResult> TestAsync(object options, CancellationToken ct)
    {
        var settings = (DingTalkAuthenticatorOptions)options;
        var client = httpClients.CreateClient(DingTalkAuthenticationDefaults.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Resolve().ApiBaseUrl.TrimEnd('/') + AccessTokenPath)
        {
            Content = JsonContent.Create(new AppTokenRequest(settings.ClientId!, settings.ClientSecret!)),
        };

        try
        {
            using var answer = await DingTalkApi.SendAsync(client, request, isTokenCall: true, metrics, DingTalkCallMetrics.Endpoints.AppAccessToken, ct);
            if (answer.Body.RootElement.TryGetProperty("accessToken", out var token) && token.ValueKind == JsonValueKind.String)
            {
                logger.LogInformation("DingTalk connection test for Client ID {ClientId} passed.", settings.ClientId);
                return ConnectionTestResult.Passed(L["TestPassed"]);
            }

            return Failed(new DingTalkAuthenticationException(DingTalkFailure.TokenMissing, "DingTalk's app token answer has no accessToken.", requestId: answer.RequestId), settings);
        }
        catch (DingTalkAuthenticationException ex)
        {
            return Failed(ex, settings);
        }
    }

    private ConnectionTestResult Failed(DingTalkAuthenticationException e, DingTalkAuthenticatorOptions settings)
    {
        var code = e.Failure switch
        {
            DingTalkFailure.InvalidClient => ConnectionTestCodes.InvalidCredentials,
            DingTalkFailure.Timeout => ConnectionTestCodes.Timeout,
            DingTalkFailure.Unavailable when e.InnerException is HttpRequestException => ConnectionTestCodes.Unreachable,
            _ => ConnectionTestCodes.UpstreamError,
        };
        var message = code switch
        {
            ConnectionTestCodes.InvalidCredentials => L["TestInvalidCredentials"].Value,
            ConnectionTestCodes.Timeout => L["TestTimeout"].Value,
            ConnectionTestCodes.Unreachable => L["TestUnreachable"].Value,
            _ => L["TestUpstreamError", e.DingTalkCode ?? "-", e.RequestId ?? "-"].Value,
        };
        logger.LogWarning("DingTalk connection test for Client ID {ClientId} failed ({Code}): {Message} DingTalk code {DingTalkCode}, requestid {RequestId}.",
            settings.ClientId, code, e.Message, e.DingTalkCode, e.RequestId);
        return new ConnectionTestResult(false, code, message, e.DingTalkCode, e.RequestId);
    }

    private sealed record AppTokenRequest(string AppKey, string AppSecret);
}
