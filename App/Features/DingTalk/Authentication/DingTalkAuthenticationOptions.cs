using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace BlazorAuth.Features.DingTalk.Authentication;

public sealed class DingTalkAuthenticationOptions : OAuthOptions
{
    /// <summary>When not empty, the scope asks for the organisation, and only a user token of one of these corpIds is accepted.</summary>
    public IReadOnlyList<string> AllowedCorpIds { get; set; } = [];

    public DingTalkAuthenticationOptions()
    {
        AuthorizationEndpoint = DingTalkAuthenticationDefaults.AuthorizationEndpoint;
        TokenEndpoint = DingTalkAuthenticationDefaults.TokenEndpoint;
        UserInformationEndpoint = DingTalkAuthenticationDefaults.UserInformationEndpoint;
        Scope.Add("openid");
        UsePkce = false;
        // DingTalk requires it: https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information
        AdditionalAuthorizationParameters["prompt"] = "consent";

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
}
