using System.Text.Json;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.ExternalSignIn;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace BlazorAuth.Features.DingTalk.Authentication;

public static class DingTalkAuthenticationExtensions
{
    /// <summary>DingTalk's handler and options, handed to the external sign-in core, with its own backchannel.</summary>
    public static IServiceCollection AddDingTalk(this IServiceCollection services, IConfiguration configuration, ExternalProviderDefinition definition)
    {
        services.AddExternalProvider<DingTalkAuthenticationOptions, DingTalkAuthenticationHandler>(definition);
        services.AddSingleton<IConfigureOptions<DingTalkAuthenticationOptions>, DingTalkSchemeOptions>();
        services.AddDingTalkBackchannel(configuration);
        return services;
    }

    /// <summary>
    /// The handler's backchannel: short tries, retries for the idempotent GET only (the code exchange is
    /// single-use, so it is never sent twice), and a cap per call. See <see cref="DingTalkHttpOptions.WorstCase"/>.
    /// </summary>
    public static IServiceCollection AddDingTalkBackchannel(this IServiceCollection services, IConfiguration configuration)
    {
        var http = configuration.GetSection(DingTalkConfiguration.Section).Get<DingTalkConfiguration>()?.Http ?? new DingTalkHttpOptions();
        services.AddHttpClient(DingTalkAuthenticationDefaults.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's two logging handlers open a scope and redact the address on every call even when their
            // Information lines are filtered out, as they are in production; a failed call is logged with what DingTalk answered
            // by the sign-in events, and http.client.* metrics and traces still see every call.
            .RemoveAllLoggers()
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

/// <summary>Where DingTalk is for each DingTalk scheme (configuration, or the sandbox), and the backchannel to reach it.</summary>
internal sealed class DingTalkSchemeOptions(DingTalkEndpoints endpoints, IHttpClientFactory httpClients, AuthenticatorSnapshot authenticators)
    : IConfigureNamedOptions<DingTalkAuthenticationOptions>
{
    public void Configure(string? name, DingTalkAuthenticationOptions options)
    {
        if (name is null || !ExternalSignInPaths.TryParseScheme(name, out var type, out var authenticatorName) || type != DingTalkPlugin.TypeName)
        {
            return;
        }

        options.Backchannel = httpClients.CreateClient(DingTalkAuthenticationDefaults.HttpClientName);
        var (loginBase, apiBase) = endpoints.Resolve();
        options.AuthorizationEndpoint = loginBase.TrimEnd('/') + DingTalkAuthenticationDefaults.AuthorizationPath;
        options.TokenEndpoint = apiBase.TrimEnd('/') + DingTalkAuthenticationDefaults.TokenPath;
        options.UserInformationEndpoint = apiBase.TrimEnd('/') + DingTalkAuthenticationDefaults.UserInformationPath;

        // From the snapshot, whose every change drops these options: an edited list applies to the next sign-in.
        var settings = authenticators.Current.Authenticators.FirstOrDefault(a => a.Name == authenticatorName && a.Type == type) is { } authenticator
            ? JsonSerializer.Deserialize<DingTalkAuthenticatorOptions>(authenticator.OptionsJson, AuthenticatorStore.Json)
            : null;
        options.AllowedCorpIds = [.. settings?.CorpIds ?? []];
        if (options.AllowedCorpIds.Count > 0)
        {
            // "openid corpid" makes DingTalk let the user pick an organisation and return its corpId with the user token.
            options.Scope.Add("corpid");
        }
    }

    public void Configure(DingTalkAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
