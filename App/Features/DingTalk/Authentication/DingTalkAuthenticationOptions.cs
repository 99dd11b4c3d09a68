using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Features.DingTalk.Authentication;

public sealed class DingTalkAuthenticationOptions : OAuthOptions
{
    public DingTalkAuthenticationOptions()
    {
        Scope.Add("openid");
        UsePkce = false;
        SaveTokens = false;
        CorrelationCookie.SameSite = SameSiteMode.Lax;
        CorrelationCookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;

        ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "unionId");
        ClaimActions.MapJsonKey(ClaimTypes.Name, "nick");
        ClaimActions.MapJsonKey(DingTalkAuthenticationDefaults.Claims.UnionId, "unionId");
        ClaimActions.MapJsonKey(DingTalkAuthenticationDefaults.Claims.OpenId, "openId");
        ClaimActions.MapJsonKey(DingTalkAuthenticationDefaults.Claims.Nick, "nick");
        ClaimActions.MapJsonKey(DingTalkAuthenticationDefaults.Claims.Mobile, "mobile");
        ClaimActions.MapJsonKey(DingTalkAuthenticationDefaults.Claims.StateCode, "stateCode");
        ClaimActions.MapJsonKey(DingTalkAuthenticationDefaults.Claims.Email, "email");
        ClaimActions.MapJsonKey(DingTalkAuthenticationDefaults.Claims.AvatarUrl, "avatarUrl");
    }

    /// <summary>The authenticator (Auth UID) this scheme belongs to.</summary>
    public string AuthenticatorName { get; set; } = "";

    /// <summary>The redirect_uri to send; computed by PublicBaseUrl so it equals what the admin form shows.</summary>
    public Func<HttpRequest, string>? RedirectUriFactory { get; set; }

    /// <summary>How long a started sign-in stays valid. The stock handler leaves this to the cookie's client-side expiry.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The "prompt" parameter DingTalk requires.</summary>
    public string Prompt { get; set; } = "consent";
}
