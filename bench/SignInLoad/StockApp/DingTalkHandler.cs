using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Bench.StockApp;

/// <summary>
/// The anchor: the smallest <see cref="OAuthHandler{TOptions}"/> subclass that speaks DingTalk's OAuth2 web login
/// (https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information), what a .NET team writes by hand.
/// </summary>
public sealed class DingTalkOptions : OAuthOptions
{
    public string LoginBaseUrl { get; set; } = "https://login.dingtalk.com";
    public string ApiBaseUrl { get; set; } = "https://api.dingtalk.com";

    public DingTalkOptions()
    {
        CallbackPath = "/auth/dingtalk/bench/callback";
        Scope.Add("openid");
        ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "unionId");
        ClaimActions.MapJsonKey(ClaimTypes.Name, "nick");
        ClaimActions.MapJsonKey(ClaimTypes.MobilePhone, "mobile");
    }
}

public sealed class DingTalkEndpoints : IPostConfigureOptions<DingTalkOptions>
{
    public void PostConfigure(string? name, DingTalkOptions options)
    {
        options.AuthorizationEndpoint = options.LoginBaseUrl.TrimEnd('/') + "/oauth2/auth";
        options.TokenEndpoint = options.ApiBaseUrl.TrimEnd('/') + "/v1.0/oauth2/userAccessToken";
        options.UserInformationEndpoint = options.ApiBaseUrl.TrimEnd('/') + "/v1.0/contact/users/me";
    }
}

public sealed class DingTalkHandler(IOptionsMonitor<DingTalkOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : OAuthHandler<DingTalkOptions>(options, logger, encoder)
{
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri) =>
        QueryHelpers.AddQueryString(base.BuildChallengeUrl(properties, redirectUri), "prompt", "consent");

    // DingTalk calls back with ?authCode=..., the base handler reads ?code=...
    protected override Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        if (!Request.Query.ContainsKey("code") && Request.Query.TryGetValue("authCode", out var authCode))
            Request.QueryString = Request.QueryString.Add("code", authCode.ToString());
        return base.HandleRemoteAuthenticateAsync();
    }

    // DingTalk takes a JSON body with camelCase names and answers in camelCase.
    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.TokenEndpoint)
        {
            Content = JsonContent.Create(new { clientId = Options.ClientId, clientSecret = Options.ClientSecret, code = context.Code, grantType = "authorization_code" }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
        if (!response.IsSuccessStatusCode)
            return OAuthTokenResponse.Failed(new AuthenticationFailureException($"DingTalk token endpoint returned {(int)response.StatusCode}: {body}"));
        using var doc = JsonDocument.Parse(body);
        if (!doc.RootElement.TryGetProperty("accessToken", out var at) || at.GetString() is not { Length: > 0 } accessToken)
            return OAuthTokenResponse.Failed(new AuthenticationFailureException("DingTalk token response has no accessToken"));
        return OAuthTokenResponse.Success(JsonSerializer.SerializeToDocument(new Dictionary<string, string?>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
        }));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Options.UserInformationEndpoint);
        request.Headers.Add("x-acs-dingtalk-access-token", tokens.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        if (!response.IsSuccessStatusCode)
            throw new AuthenticationFailureException($"DingTalk users/me returned {(int)response.StatusCode}");
        using var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Context.RequestAborted));
        var context = new OAuthCreatingTicketContext(new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, payload.RootElement);
        context.RunClaimActions();
        await Events.CreatingTicket(context);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }
}
