using System.Security.Claims;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.Users;

namespace BlazorAuth.Features.DingTalk;

/// <summary>The person DingTalk vouched for, read from the handler's ticket.</summary>
public sealed record DingTalkProfile(string UnionId, string? OpenId, string? Nick, string? Mobile, string? StateCode, string? Email, string? AvatarUrl)
{
    /// <summary>The verified mobile in the form user phone numbers are compared in.</summary>
    public string? NormalizedMobile => PhoneNumbers.Normalize(Mobile, StateCode);

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
