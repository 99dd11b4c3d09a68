using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.DingTalk.InApp;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Plugins;
using FluentValidation;

using BlazorAuth.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.DingTalk;

public sealed class DingTalkText;

public static class DingTalkPlugin
{
    public const string PluginName = "auth-dingtalk";
    public const string TypeName = "dingtalk";
    public const string ClientSecretField = ExternalProviderDefinition.ClientSecretField;

    /// <summary>The Redirect URL's path, registered in DingTalk's developer console.</summary>
    public static string CallbackPath(string authenticatorName) => ExternalSignInPaths.Callback(TypeName, authenticatorName);

    public static string LoginPath(string authenticatorName) => ExternalSignInPaths.Login(TypeName, authenticatorName);

    public static WebApplicationBuilder AddDingTalkPlugin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<IValidator<DingTalkAuthenticatorOptions>, DingTalkAuthenticatorOptionsValidator>();
        services.Configure<DingTalkConfiguration>(builder.Configuration.GetSection(DingTalkConfiguration.Section));
        services.AddSingleton<DingTalkEndpoints>();
        services.AddScoped<IAuthConnectionTest, DingTalkConnectionTest>();
        // The link form posts to the app, which redirects to DingTalk's login page; Chromium checks form-action there too.
        services.AddOptions<ContentSecurityPolicyOptions>().Configure<IOptions<DingTalkConfiguration>, IOptions<SandboxOptions>>((csp, dingTalk, sandbox) =>
        {
            csp.FormActionSources.Add(new Uri(dingTalk.Value.LoginBaseUrl).GetLeftPart(UriPartial.Authority));
            // The in-app sign-in loads DingTalk's JSAPI; a copy served by the app, or the sandbox's stand-in, is 'self' already.
            if (!sandbox.Value.Enabled && Uri.TryCreate(dingTalk.Value.JsApiUrl, UriKind.Absolute, out var jsApi) && jsApi.Scheme is "https" or "http")
            {
                csp.ScriptSources.Add(jsApi.GetLeftPart(UriPartial.Authority));
            }
        });
        services.AddSingleton<DingTalkCallMetrics>();
        services.AddSingleton<DingTalkAppTokens>();
        services.AddSingleton<DingTalkTopApi>();
        services.AddScoped<DingTalkInAppSignIn>();
        services.AddScoped<ISignInAutoStart, DingTalkInAppStart>();
        services.AddDingTalk(builder.Configuration, new ExternalProviderDefinition(
            TypeName, DingTalkAuthenticationDefaults.DisplayName, principal => DingTalkProfile.From(principal).ToIdentity(),
            DingTalkSignInFailures.Definition, CanLink: true, ProviderKeyName: "unionId", ProviderKeyTitleKey: "UnionId"));
        builder.AddDingTalkSandbox();
        services.AddAuthPlugin(
            new PluginDefinition(PluginName, "@nocobase/plugin-auth-dingtalk", "1.0.0", BuiltIn: false, typeof(DingTalkText), "PluginTitle", "PluginDescription"),
            new AuthTypeDefinition(
                TypeName, PluginName, typeof(DingTalkText), "TypeTitle",
                typeof(DingTalkAuthenticatorOptions), typeof(DingTalkSettingsForm), typeof(DingTalkSignInButton),
                SignInKind.Button, SecretFields: [ClientSecretField], CallbackPath: CallbackPath, LoginPath: LoginPath));
        return builder;
    }
}
