using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.Plugins;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Polly;

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
        var services = builder.Services;
        services.AddScoped<IValidator<DingTalkAuthenticatorOptions>, DingTalkAuthenticatorOptionsValidator>();
        services.Configure<DingTalkConfiguration>(builder.Configuration.GetSection(DingTalkConfiguration.Section));
        services.AddSingleton<DingTalkEndpoints>();
        services.AddSingleton<ConsumedStateStore>();
        services.AddSingleton<DingTalkUserResolver>();
        services.AddScoped<DingTalkSignInEvents>();
        services.AddTransient<DingTalkAuthenticationHandler>();
        services.AddSingleton<IAuthSnapshotListener, DingTalkSchemeSync>();
        services.AddSingleton<IConfigureOptions<DingTalkAuthenticationOptions>, DingTalkSchemeOptions>();
        services.AddSingleton<IPostConfigureOptions<DingTalkAuthenticationOptions>, OAuthPostConfigureOptions<DingTalkAuthenticationOptions, DingTalkAuthenticationHandler>>();
        services.AddDingTalkBackchannel(builder.Configuration);
        builder.AddDingTalkSandbox();
        services.AddAuthPlugin(
            new PluginDefinition(PluginName, "@nocobase/plugin-auth-dingtalk", "1.0.0", BuiltIn: false, typeof(DingTalkText), "PluginTitle", "PluginDescription"),
            new AuthTypeDefinition(
                TypeName, PluginName, typeof(DingTalkText), "TypeTitle",
                typeof(DingTalkAuthenticatorOptions), typeof(DingTalkSettingsForm), typeof(DingTalkSignInButton),
                SignInKind.Button, SecretFields: [ClientSecretField], CallbackPath: CallbackPath));
        return builder;
    }
}

public static class DingTalkBackchannel
{
    /// <summary>
    /// The handler's backchannel: short tries, retries for the idempotent GET only (the code exchange is
    /// single-use, so it is never sent twice), and a cap per call. See <see cref="DingTalkHttpOptions.WorstCase"/>.
    /// </summary>
    public static IServiceCollection AddDingTalkBackchannel(this IServiceCollection services, IConfiguration configuration)
    {
        var http = configuration.GetSection(DingTalkConfiguration.Section).Get<DingTalkConfiguration>()?.Http ?? new DingTalkHttpOptions();
        services.AddHttpClient(DingTalkAuthenticationDefaults.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("dingtalk", pipeline =>
            {
                pipeline.AddTimeout(http.CallTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(http.GetRetries, 1),
                    Delay = http.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    ShouldHandle = args => ValueTask.FromResult(
                        http.GetRetries > 0
                        && args.Context.GetRequestMessage()?.Method == HttpMethod.Get
                        && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                });
                pipeline.AddTimeout(http.AttemptTimeout);
            });
        return services;
    }
}
