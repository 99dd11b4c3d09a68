using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using FluentValidation;

namespace BlazorAuth.Features.Password;

public sealed class PasswordAuthenticatorOptions;

public sealed class PasswordAuthenticatorOptionsValidator : AbstractValidator<PasswordAuthenticatorOptions>;

public sealed class PasswordText;

public static class PasswordPlugin
{
    public const string PluginName = "auth-password";
    public const string TypeName = "password";

    public static WebApplicationBuilder AddPasswordPlugin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddSingleton<DeviceCookies>();
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddSingleton<AccountSignInLimiter>();
        builder.Services.Configure<AccountSignInLimitOptions>(builder.Configuration.GetSection(AccountSignInLimitOptions.Section));
        builder.Services.AddScoped<IValidator<PasswordAuthenticatorOptions>, PasswordAuthenticatorOptionsValidator>();
        builder.Services.AddAuthPlugin(
            new PluginDefinition(PluginName, "@nocobase/plugin-auth", "1.0.0", BuiltIn: true, typeof(PasswordText), "PluginTitle", "PluginDescription"),
            new AuthTypeDefinition(
                TypeName, PluginName, typeof(PasswordText), "TypeTitle",
                typeof(PasswordAuthenticatorOptions), typeof(PasswordSettingsForm), typeof(PasswordSignInForm),
                SignInKind.Form, SecretFields: []));
        return builder;
    }
}
