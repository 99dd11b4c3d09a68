using System.Globalization;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.DingTalk.Authentication;

/// <summary>
/// DingTalk's OAuth2 web login. Only what DingTalk does differently is overridden: the callback's
/// <c>authCode</c>, the camelCase JSON code exchange, and <c>users/me</c> with its access-token header.
/// Everything after the ticket (and the state's expiry and replay record) is the external sign-in core's.
/// </summary>
public sealed class DingTalkAuthenticationHandler(
    IOptionsMonitor<DingTalkAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DingTalkCallMetrics metrics)
    : OAuthHandler<DingTalkAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        // DingTalk returns the code as "authCode", not OAuth's "code":
        // https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information
        if (!Request.Query.ContainsKey("code") && Request.Query.TryGetValue("authCode", out var authCode))
        {
            var query = QueryHelpers.ParseQuery(Request.QueryString.Value);
            query["code"] = authCode;
            Request.QueryString = QueryString.Create(query);
        }

        return base.HandleRemoteAuthenticateAsync();
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.TokenEndpoint)
        {
            Content = JsonContent.Create(new DingTalkTokenRequest(Options.ClientId, Options.ClientSecret, context.Code, "authorization_code")),
        };

        try
        {
            using var payload = await DingTalkApi.SendAsync(Backchannel, request, isTokenCall: true, metrics, DingTalkCallMetrics.Endpoints.UserAccessToken, Context.RequestAborted);
            var answer = payload.Body.Deserialize<DingTalkTokenResponse>(JsonSerializerOptions.Web);
            if (string.IsNullOrEmpty(answer?.AccessToken))
            {
                return OAuthTokenResponse.Failed(new DingTalkAuthenticationException(DingTalkFailure.TokenMissing, "DingTalk's token answer has no accessToken.", requestId: payload.RequestId));
            }

            // corpId comes only with the "corpid" scope, as the organisation the user picked on DingTalk's page:
            // https://open.dingtalk.com/document/orgapp/obtain-user-token
            if (Options.AllowedCorpIds.Count > 0 && (answer.CorpId is null || !Options.AllowedCorpIds.Contains(answer.CorpId, StringComparer.Ordinal)))
            {
                return OAuthTokenResponse.Failed(new DingTalkAuthenticationException(DingTalkFailure.OrganisationNotAllowed,
                    $"DingTalk's user token is for organisation {answer.CorpId ?? "(none)"}, which the authenticator does not allow.", requestId: payload.RequestId));
            }

            // The base class reads the OAuth (snake_case) names.
            return OAuthTokenResponse.Success(JsonSerializer.SerializeToDocument(new Dictionary<string, string?>
            {
                ["access_token"] = answer.AccessToken,
                ["refresh_token"] = answer.RefreshToken,
                ["expires_in"] = answer.ExpireIn?.ToString(CultureInfo.InvariantCulture),
                ["token_type"] = "dingtalk",
            }));
        }
        catch (DingTalkAuthenticationException ex)
        {
            return OAuthTokenResponse.Failed(ex);
        }
        catch (JsonException ex)
        {
            return OAuthTokenResponse.Failed(new DingTalkAuthenticationException(DingTalkFailure.MalformedResponse, "DingTalk's token answer has the wrong shape.", inner: ex));
        }
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Options.UserInformationEndpoint);
        request.Headers.Add(DingTalkAuthenticationDefaults.AccessTokenHeader, tokens.AccessToken);
        using var payload = await DingTalkApi.SendAsync(Backchannel, request, isTokenCall: false, metrics, DingTalkCallMetrics.Endpoints.UsersMe, Context.RequestAborted);
        var user = payload.Body.RootElement;

        if (string.IsNullOrEmpty(Text(user, "unionId")))
        {
            throw new DingTalkAuthenticationException(DingTalkFailure.MissingUnionId, "DingTalk's users/me answer has no unionId.", requestId: payload.RequestId);
        }

        if (string.IsNullOrEmpty(Text(user, "mobile")))
        {
            throw new DingTalkAuthenticationException(DingTalkFailure.MissingMobile,
                "DingTalk's users/me answer has no mobile; the app needs the Contact.User.mobile permission.", requestId: payload.RequestId, requiredScopes: ["Contact.User.mobile"]);
        }

        var context = new OAuthCreatingTicketContext(new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, user);
        context.RunClaimActions();
        await Events.CreatingTicket(context);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record DingTalkTokenRequest(string ClientId, string ClientSecret, string Code, string GrantType);

    private sealed record DingTalkTokenResponse(string? AccessToken, string? RefreshToken, long? ExpireIn, string? CorpId);
}
