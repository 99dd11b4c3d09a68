using System.Text.Json;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.DingTalk.Authentication;

/// <summary>
/// Keeps one authentication scheme per usable DingTalk authenticator, and drops cached options whenever the
/// authenticators change, so an admin's edit applies to the next sign-in without a restart.
/// </summary>
public sealed class DingTalkSchemeSync(
    IAuthenticationSchemeProvider schemes,
    IOptionsMonitorCache<DingTalkAuthenticationOptions> optionsCache) : IAuthSnapshotListener
{
    private readonly Lock gate = new();
    private readonly HashSet<string> registered = new(StringComparer.Ordinal);

    public void OnSnapshotChanged(AuthSnapshot snapshot)
    {
        var wanted = snapshot.Usable()
            .Where(a => a.Type == DingTalkPlugin.TypeName)
            .ToDictionary(a => DingTalkAuthenticationDefaults.SchemeFor(a.Name), StringComparer.Ordinal);
        lock (gate)
        {
            foreach (var name in registered.Where(n => !wanted.ContainsKey(n)).ToList())
            {
                schemes.RemoveScheme(name);
                registered.Remove(name);
                optionsCache.TryRemove(name);
            }

            foreach (var (name, authenticator) in wanted)
            {
                if (registered.Add(name))
                {
                    schemes.TryAddScheme(new AuthenticationScheme(name, authenticator.Title ?? DingTalkAuthenticationDefaults.DisplayName, typeof(DingTalkAuthenticationHandler)));
                }

                // Cheap to rebuild on next use, and the only way an edited secret or client id reaches the handler.
                optionsCache.TryRemove(name);
            }
        }
    }
}

/// <summary>
/// Builds a scheme's options from the in-memory snapshot. Named-options configuration is synchronous,
/// so it must never wait on the database.
/// </summary>
public sealed class DingTalkSchemeOptions(
    AuthenticatorSnapshot authenticators,
    AuthenticatorSecrets secrets,
    DingTalkEndpoints endpoints,
    PublicBaseUrl publicUrls,
    IHttpClientFactory httpClients,
    TimeProvider clock) : IConfigureNamedOptions<DingTalkAuthenticationOptions>
{
    public void Configure(string? name, DingTalkAuthenticationOptions options)
    {
        if (name is null || !name.StartsWith(DingTalkAuthenticationDefaults.SchemePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var authenticatorName = name[DingTalkAuthenticationDefaults.SchemePrefix.Length..];
        options.AuthenticatorName = authenticatorName;
        options.CallbackPath = DingTalkPlugin.CallbackPath(authenticatorName);
        options.SignInScheme = IdentityConstants.ExternalScheme;
        options.EventsType = typeof(DingTalkSignInEvents);
        options.TimeProvider = clock;
        options.Backchannel = httpClients.CreateClient(DingTalkAuthenticationDefaults.HttpClientName);
        options.AdditionalAuthorizationParameters["prompt"] = options.Prompt;
        options.RedirectUriFactory = request => PublicBaseUrl.Combine(publicUrls.For(request), DingTalkPlugin.CallbackPath(authenticatorName));

        var (loginBase, apiBase) = endpoints.Resolve();
        options.AuthorizationEndpoint = loginBase.TrimEnd('/') + DingTalkAuthenticationDefaults.AuthorizationPath;
        options.TokenEndpoint = apiBase.TrimEnd('/') + DingTalkAuthenticationDefaults.TokenPath;
        options.UserInformationEndpoint = apiBase.TrimEnd('/') + DingTalkAuthenticationDefaults.UserInformationPath;

        var authenticator = authenticators.Current.Authenticators
            .FirstOrDefault(a => a.Name == authenticatorName && a.Type == DingTalkPlugin.TypeName);
        if (authenticator is null)
        {
            return;
        }

        var settings = JsonSerializer.Deserialize<DingTalkAuthenticatorOptions>(authenticator.OptionsJson, AuthenticatorStore.Json) ?? new();
        options.ClientId = settings.ClientId ?? "";
        options.ClientSecret = secrets.TryUnprotect(authenticator.ProtectedSecrets)?.GetValueOrDefault(DingTalkPlugin.ClientSecretField) ?? "";
    }

    public void Configure(DingTalkAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
