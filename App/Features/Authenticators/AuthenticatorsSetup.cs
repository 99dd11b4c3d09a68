using BlazorAuth.Features.Plugins;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using FluentValidation;

namespace BlazorAuth.Features.Authenticators;

public static class AuthenticatorsSetup
{
    public static WebApplicationBuilder AddAuthenticators(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AppOptions>(builder.Configuration.GetSection(AppOptions.Section));
        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton<PluginCatalog>();
        services.AddSingleton<AuthenticatorTitles>();
        services.AddSingleton<AuthenticatorSnapshot>();
        services.Configure<SnapshotOptions>(builder.Configuration.GetSection(SnapshotOptions.Section));
        services.AddHostedService<AuthenticatorSnapshotRefresher>();
        services.AddSingleton<AuthenticatorSecrets>();
        services.AddScoped<AuthenticatorRules>();
        services.AddScoped<IValidator<AuthenticatorWrite>, AuthenticatorInputValidator>();
        services.AddScoped<AuthenticatorInputCheck>();
        services.AddScoped<AuthenticatorStore>();
        services.AddScoped<AuthenticatorConnectionTests>();
        services.AddSingleton<ConsoleConnectionTestLimiter>();
        services.AddScoped<PluginService>();
        services.AddScoped<ISeeder, AuthSeeder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuthenticatorsAndPlugins(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPluginsApi().MapAuthenticatorsApi().MapAuthenticatorTestApi();
}
