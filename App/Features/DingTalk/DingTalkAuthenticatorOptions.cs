using System.Text.RegularExpressions;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.ExternalSignIn;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.DingTalk;

/// <summary>
/// An authenticator's DingTalk settings, as the admin form and the API's "options" carry them. Every field added after
/// the first release has a default that keeps the behaviour stored authenticators had, so their JSON needs no migration.
/// </summary>
public sealed class DingTalkAuthenticatorOptions : IExternalSignInSettings, ISignInPresentation
{
    public const string MatchByMobile = "mobile";
    public const string MatchByNone = "none";
    public const string IconDingTalk = "dingtalk";
    public const string IconNone = "none";

    public string? ClientId { get; set; }

    /// <summary>Write-only: encrypted at rest and never returned.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>"Sign up automatically when the user does not exist".</summary>
    public bool AutoSignup { get; set; } = true;

    /// <summary>DingTalk organisations (corpId) whose members may sign in; empty lets anyone in.</summary>
    public List<string>? AllowedCorpIds { get; set; } = [];

    /// <summary><see cref="MatchByMobile"/> or <see cref="MatchByNone"/>: how an unbound DingTalk identity finds an existing user.</summary>
    public string? MatchBy { get; set; } = MatchByMobile;

    /// <summary>Copy DingTalk's nick and avatar to the user, not only to the binding, at each sign-in.</summary>
    public bool UpdateProfile { get; set; }

    /// <summary>False: no button on /signin, while the login URL keeps working.</summary>
    public bool ShowButton { get; set; } = true;

    /// <summary><see cref="IconDingTalk"/> or <see cref="IconNone"/>.</summary>
    public string? ButtonIcon { get; set; } = IconDingTalk;

    /// <summary>/signin goes straight to DingTalk when this is the only way in it shows.</summary>
    public bool AutoRedirect { get; set; }

    /// <summary>Preview: /signin opened inside DingTalk's client, from this app's micro-app home, signs in without a click.</summary>
    public bool InAppSignIn { get; set; }

    /// <summary>The one organisation (corpId) the internal app belongs to; required when <see cref="InAppSignIn"/> is on.</summary>
    public string? InAppCorpId { get; set; }

    bool IExternalSignInSettings.MatchExistingByMobile => MatchBy != MatchByNone;

    bool IExternalSignInSettings.UpdateProfile => UpdateProfile;

    bool ISignInPresentation.ShowOnSignIn => ShowButton;

    bool ISignInPresentation.RedirectWhenAlone => AutoRedirect;

    /// <summary>The allowed corpIds, with null read as "any".</summary>
    public IReadOnlyList<string> CorpIds => AllowedCorpIds ?? [];
}

public sealed partial class DingTalkAuthenticatorOptionsValidator : AbstractValidator<DingTalkAuthenticatorOptions>
{
    public const int MaxCorpIds = 50;
    public const int MaxCorpIdLength = 64;

    public DingTalkAuthenticatorOptionsValidator(IStringLocalizer<DingTalkText> L)
    {
        RuleFor(o => o.ClientId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => L["ClientIdRequired"])
            .MaximumLength(128).WithMessage(_ => L["ClientIdTooLong", 128]);
        RuleFor(o => o.ClientSecret).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => L["ClientSecretRequired"])
            .MaximumLength(256).WithMessage(_ => L["ClientSecretTooLong", 256]);
        // One rule for the whole list, so the error is on "options.allowedCorpIds", where the form shows it.
        RuleFor(o => o.AllowedCorpIds).Custom((list, context) =>
        {
            var ids = list ?? [];
            if (ids.Count > MaxCorpIds)
            {
                context.AddFailure(L["CorpIdsTooMany", MaxCorpIds]);
                return;
            }

            var bad = ids.FindIndex(id => id is null || !CorpIdPattern().IsMatch(id));
            if (bad >= 0)
            {
                context.AddFailure(L["CorpIdInvalid", MaxCorpIdLength, ids[bad] ?? ""]);
                return;
            }

            if (ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                context.AddFailure(L["CorpIdDuplicate", duplicate.Key]);
            }
        });
        RuleFor(o => o.InAppCorpId).Cascade(CascadeMode.Stop)
            .NotEmpty().When(o => o.InAppSignIn).WithMessage(_ => L["InAppCorpIdRequired"])
            .Must(id => id is null || id.Length == 0 || CorpIdPattern().IsMatch(id))
            .WithMessage(o => L["CorpIdInvalid", MaxCorpIdLength, o.InAppCorpId ?? ""]);
        RuleFor(o => o.MatchBy)
            .Must(v => v is DingTalkAuthenticatorOptions.MatchByMobile or DingTalkAuthenticatorOptions.MatchByNone)
            .WithMessage(_ => L["MatchByInvalid"]);
        RuleFor(o => o.ButtonIcon)
            .Must(v => v is DingTalkAuthenticatorOptions.IconDingTalk or DingTalkAuthenticatorOptions.IconNone)
            .WithMessage(_ => L["ButtonIconInvalid"]);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CorpIdPattern();
}
