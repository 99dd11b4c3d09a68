using System.Text.Json;
using BlazorAuth.Features.Authenticators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// Keeps one authentication scheme per usable authenticator of every remote type, and drops cached options whenever the
/// authenticators change, so an admin's edit applies to the next sign-in without a restart.
/// </summary>
public sealed class ExternalSchemeSync(
    IAuthenticationSchemeProvider schemes,
    ExternalProviders providers,
    IServiceProvider services) : IAuthSnapshotListener
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ExternalProvider> registered = new(StringComparer.Ordinal);

    public void OnSnapshotChanged(AuthSnapshot snapshot)
    {
        var wanted = snapshot.Usable()
            .Select(a => (Authenticator: a, Provider: providers.Find(a.Type)))
            .Where(a => a.Provider is not null)
            .ToDictionary(a => ExternalSignInPaths.Scheme(a.Authenticator.Type, a.Authenticator.Name), StringComparer.Ordinal);
        lock (gate)
        {
            foreach (var (name, provider) in registered.Where(r => !wanted.ContainsKey(r.Key)).ToList())
            {
                schemes.RemoveScheme(name);
                registered.Remove(name);
                provider.ForgetOptions(services, name);
            }

            foreach (var (name, (authenticator, provider)) in wanted)
            {
                if (registered.TryAdd(name, provider!))
                {
                    schemes.TryAddScheme(new AuthenticationScheme(name, authenticator.Title ?? provider!.Definition.DisplayName, provider!.HandlerType));
                }

                // Cheap to rebuild on next use, and the only way an edited secret or client id reaches the handler.
                provider!.ForgetOptions(services, name);
            }
        }
    }
}

/// <summary>
/// What every remote scheme's options share, built from the in-memory snapshot: named-options configuration is
/// synchronous, so it must never wait on the database. The provider configures its endpoints on top.
/// </summary>
internal sealed class ExternalSchemeOptions<TOptions>(
    ExternalProvider provider,
    AuthenticatorSnapshot authenticators,
    AuthenticatorSecrets secrets,
    TimeProvider clock) : IConfigureNamedOptions<TOptions>
    where TOptions : OAuthOptions
{
    public void Configure(string? name, TOptions options)
    {
        if (name is null || !ExternalSignInPaths.TryParseScheme(name, out var type, out var authenticatorName) || type != provider.Type)
        {
            return;
        }

        options.CallbackPath = ExternalSignInPaths.Callback(type, authenticatorName);
        options.SignInScheme = IdentityConstants.ExternalScheme;
        options.EventsType = typeof(ExternalSignInEvents);
        options.TimeProvider = clock;
        options.SaveTokens = false;
        // Over plain http (intranet installs, tests) a SameSite=None cookie is not sent back; the callback is a top-level GET.
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        var authenticator = authenticators.Current.Authenticators.FirstOrDefault(a => a.Name == authenticatorName && a.Type == type);
        if (authenticator is null || authenticators.TypeOf(authenticator) is not { } authType)
        {
            return;
        }

        var settings = JsonSerializer.Deserialize(authenticator.OptionsJson, authType.OptionsType, AuthenticatorStore.Json) as IExternalSignInSettings;
        options.ClientId = settings?.ClientId ?? "";
        options.ClientSecret = secrets.TryUnprotect(authenticator.ProtectedSecrets)?.GetValueOrDefault(ExternalProviderDefinition.ClientSecretField) ?? "";
    }

    public void Configure(TOptions options) => Configure(Options.DefaultName, options);
}
