using System.Security.Claims;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// The person a provider vouched for, in the terms the core resolves users by. <see cref="ProviderKey"/> is the
/// provider's stable id of the person (DingTalk's unionId); <see cref="Extras"/> are kept on the binding as they are.
/// </summary>
public sealed record ExternalIdentity(
    string ProviderKey,
    string? DisplayName,
    string? Mobile,
    string? MobileCountryCode,
    string? Email,
    string? AvatarUrl,
    IReadOnlyDictionary<string, string>? Extras = null)
{
    /// <summary>The verified mobile in the form user phone numbers are compared in.</summary>
    public string? NormalizedMobile => PhoneNumbers.Normalize(Mobile, MobileCountryCode);
}

/// <summary>What the core reads from every remote type's settings (the options object of its authenticators).</summary>
public interface IExternalSignInSettings
{
    string? ClientId { get; }

    /// <summary>"Sign up automatically when the user does not exist".</summary>
    bool AutoSignup { get; }

    /// <summary>False: an identity without a binding never takes over the user who has its mobile; people link on /account.</summary>
    bool MatchExistingByMobile => true;

    /// <summary>Copy the provider's name and avatar to the user (not only to the binding) at each sign-in.</summary>
    bool UpdateProfile => false;
}

/// <summary>The rules one authenticator resolves its external identities by.</summary>
public sealed record ResolutionRules(bool AutoSignup, bool MatchExistingByMobile = true, bool UpdateProfile = false)
{
    public static ResolutionRules Of(IExternalSignInSettings? settings) => settings is null
        ? new(AutoSignup: true)
        : new(settings.AutoSignup, settings.MatchExistingByMobile, settings.UpdateProfile);
}

/// <summary>How a provider's failures are told: its own codes and words, and the permission names a page may repeat.</summary>
/// <param name="TextResource">The resource type <paramref name="MessageKeys"/> and <paramref name="PermissionMessageKey"/> live in.</param>
/// <param name="MessageKeys">Code → key, for the provider's own codes and for generic codes it words its own way.</param>
/// <param name="KnownPermissions">Permission names /signin may quote from its query; anything else there is ignored.</param>
/// <param name="PermissionMessageKey">"The app lacks the permission {0}" in the provider's words, if it has any.</param>
/// <param name="Classify">The code (and permission) of one of the provider's own exceptions; null for any other.</param>
/// <param name="Describe">Details of such an exception for the log (e.g. the provider's request id); never secrets.</param>
public sealed record ExternalFailures(
    Type TextResource,
    IReadOnlyDictionary<string, string> MessageKeys,
    IReadOnlySet<string> KnownPermissions,
    string? PermissionMessageKey,
    Func<Exception, ExternalFailure?> Classify,
    Func<Exception, string?> Describe);

public sealed record ExternalFailure(string Code, string? Permission = null);

/// <summary>What a remote auth type tells the core. Everything after the provider has answered is the core's.</summary>
/// <param name="Type">The auth type's name, as in its <c>AuthTypeDefinition</c>.</param>
/// <param name="DisplayName">The provider's name in log lines.</param>
/// <param name="ReadIdentity">The identity in a ticket the provider's handler built.</param>
/// <param name="CanLink">Whether /account offers to link an account of this provider to a signed-in user.</param>
/// <param name="ProviderKeyName">What the provider calls its key, as the users API names it (DingTalk: unionId).</param>
/// <param name="ProviderKeyTitleKey">The key's label in the admin's user details, in <see cref="ExternalFailures.TextResource"/>.</param>
public sealed record ExternalProviderDefinition(
    string Type,
    string DisplayName,
    Func<ClaimsPrincipal, ExternalIdentity> ReadIdentity,
    ExternalFailures Failures,
    bool CanLink,
    string ProviderKeyName,
    string ProviderKeyTitleKey)
{
    /// <summary>The secret field every remote type keeps its client secret in.</summary>
    public const string ClientSecretField = "clientSecret";
}

/// <summary>A registered provider: its definition plus the typed plumbing (handler, options) the core needs.</summary>
public abstract class ExternalProvider(ExternalProviderDefinition definition)
{
    public ExternalProviderDefinition Definition { get; } = definition;

    public string Type => Definition.Type;

    public abstract Type HandlerType { get; }

    /// <summary>The named options of one scheme, as its handler sees them.</summary>
    public abstract OAuthOptions OptionsOf(IServiceProvider services, string scheme);

    /// <summary>Drops the cached options of a scheme, so that the next use reads the authenticator again.</summary>
    public abstract void ForgetOptions(IServiceProvider services, string scheme);
}

internal sealed class ExternalProvider<TOptions, THandler>(ExternalProviderDefinition definition) : ExternalProvider(definition)
    where TOptions : OAuthOptions, new()
    where THandler : OAuthHandler<TOptions>
{
    public override Type HandlerType => typeof(THandler);

    public override OAuthOptions OptionsOf(IServiceProvider services, string scheme) =>
        services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(scheme);

    public override void ForgetOptions(IServiceProvider services, string scheme) =>
        services.GetRequiredService<IOptionsMonitorCache<TOptions>>().TryRemove(scheme);
}

/// <summary>Every remote type compiled in.</summary>
public sealed class ExternalProviders(IEnumerable<ExternalProvider> providers)
{
    public IReadOnlyList<ExternalProvider> All { get; } = [.. providers];

    public ExternalProvider? Find(string? type) => All.FirstOrDefault(p => string.Equals(p.Type, type, StringComparison.Ordinal));
}
