using System.Security.Claims;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.ExternalSignIn;

namespace BlazorAuth.Features.DingTalk;

/// <summary>The person DingTalk vouched for, read from the handler's ticket.</summary>
public sealed record DingTalkProfile(string UnionId, string? OpenId, string? Nick, string? Mobile, string? StateCode, string? Email, string? AvatarUrl)
{
    /// <summary>The binding's extra field for DingTalk's per-app id.</summary>
    public const string OpenIdExtra = "openId";

    public ExternalIdentity ToIdentity() => new(
        UnionId, Nick, Mobile, StateCode, Email, AvatarUrl,
        OpenId is null ? null : new Dictionary<string, string> { [OpenIdExtra] = OpenId });

    public static DingTalkProfile From(ClaimsPrincipal principal)
    {
        string? Get(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;
        return new DingTalkProfile(
            Get(DingTalkAuthenticationDefaults.Claims.UnionId) ?? throw new InvalidOperationException("The ticket has no unionId."),
            Get(DingTalkAuthenticationDefaults.Claims.OpenId),
            Get(DingTalkAuthenticationDefaults.Claims.Nick),
            Get(DingTalkAuthenticationDefaults.Claims.Mobile),
            Get(DingTalkAuthenticationDefaults.Claims.StateCode),
            Get(DingTalkAuthenticationDefaults.Claims.Email),
            Get(DingTalkAuthenticationDefaults.Claims.AvatarUrl));
    }
}
