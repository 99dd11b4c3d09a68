using BlazorAuth.Features.Authenticators;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.ExternalSignIn;

public static class ExternalSignInSetup
{
    public static WebApplicationBuilder AddExternalSignIn(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddSingleton<ExternalProviders>();
        services.AddSingleton<ExternalStateStore>();
        services.AddHostedService<ConsumedStatePurge>();
        services.AddSingleton<ExternalUserResolver>();
        services.AddSingleton<ExternalFailureMessages>();
        services.AddSingleton<IAuthSnapshotListener, ExternalSchemeSync>();
        services.AddScoped<ExternalChallenges>();
        services.AddScoped<ExternalCompletion>();
        services.AddScoped<ExternalSignInEvents>();
        return builder;
    }

    /// <summary>
    /// Hands a remote type to the core: its handler and options (aspnet-contrib shape), and what the core must know of it.
    /// The type's plugin still registers its <see cref="AuthTypeDefinition"/> with <c>AddAuthPlugin</c>.
    /// </summary>
    public static IServiceCollection AddExternalProvider<TOptions, THandler>(this IServiceCollection services, ExternalProviderDefinition definition)
        where TOptions : OAuthOptions, new()
        where THandler : OAuthHandler<TOptions>
    {
        var provider = new ExternalProvider<TOptions, THandler>(definition);
        services.AddSingleton<ExternalProvider>(provider);
        services.AddTransient<THandler>();
        services.AddSingleton<IConfigureOptions<TOptions>>(sp => ActivatorUtilities.CreateInstance<ExternalSchemeOptions<TOptions>>(sp, provider));
        services.AddSingleton<IPostConfigureOptions<TOptions>, OAuthPostConfigureOptions<TOptions, THandler>>();
        // Runs after the stock post-configure above and wraps the state format it made: same protector, so states issued
        // before an upgrade or by another instance still read, and decrypted once per request for guard and handler.
        services.AddSingleton<IPostConfigureOptions<TOptions>>(sp => new PostConfigureOptions<TOptions, IHttpContextAccessor>(
            null, sp.GetRequiredService<IHttpContextAccessor>(), (options, http) => options.StateDataFormat = new RequestStateFormat(options.StateDataFormat, http)));
        return services;
    }

    /// <summary>The callback's state checks. Must run before <c>UseAuthentication</c>, where the handlers answer callbacks.</summary>
    public static IApplicationBuilder UseExternalSignInStates(this IApplicationBuilder app) => app.UseMiddleware<ExternalStateGuard>();

    /// <summary>The redirect URL of a remote type's authenticator, for the admin form and the API.</summary>
    public static Func<string, string> CallbackPathOf(string type) => name => ExternalSignInPaths.Callback(type, name);
}
