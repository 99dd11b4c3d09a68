using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.DingTalk;

public sealed class DingTalkText;

/// <summary>An authenticator's DingTalk settings, as the admin form and the API's "options" carry them.</summary>
public sealed class DingTalkAuthenticatorOptions
{
    public string? ClientId { get; set; }

    /// <summary>Write-only: encrypted at rest and never returned.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>"Sign up automatically when the user does not exist".</summary>
    public bool AutoSignup { get; set; } = true;
}

public sealed class DingTalkAuthenticatorOptionsValidator : AbstractValidator<DingTalkAuthenticatorOptions>
{
    public DingTalkAuthenticatorOptionsValidator(IStringLocalizer<DingTalkText> L)
    {
        RuleFor(o => o.ClientId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => L["ClientIdRequired"])
            .MaximumLength(128).WithMessage(_ => L["ClientIdTooLong", 128]);
        RuleFor(o => o.ClientSecret).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => L["ClientSecretRequired"])
            .MaximumLength(256).WithMessage(_ => L["ClientSecretTooLong", 256]);
    }
}

public static class DingTalkPlugin
{
    public const string PluginName = "auth-dingtalk";
    public const string TypeName = "dingtalk";
    public const string ClientSecretField = "clientSecret";

    public static string CallbackPath(string authenticatorName) => $"/auth/dingtalk/{Uri.EscapeDataString(authenticatorName)}/callback";

    public static string LoginPath(string authenticatorName) => $"/auth/dingtalk/{Uri.EscapeDataString(authenticatorName)}/login";

    public static WebApplicationBuilder AddDingTalkPlugin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IValidator<DingTalkAuthenticatorOptions>, DingTalkAuthenticatorOptionsValidator>();
        builder.Services.AddAuthPlugin(
            new PluginDefinition(PluginName, "@nocobase/plugin-auth-dingtalk", "1.0.0", BuiltIn: false, typeof(DingTalkText), "PluginTitle", "PluginDescription"),
            new AuthTypeDefinition(
                TypeName, PluginName, typeof(DingTalkText), "TypeTitle",
                typeof(DingTalkAuthenticatorOptions), typeof(DingTalkSettingsForm), typeof(DingTalkSignInButton),
                SignInKind.Button, SecretFields: [ClientSecretField], CallbackPath: CallbackPath));
        return builder;
    }
}
