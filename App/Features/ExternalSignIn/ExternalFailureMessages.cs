using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.SignIn;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// The text /signin shows for ?authenticator=…&amp;error=…: the provider's own words when it has them, else the generic
/// ones of <see cref="SignInErrors"/>. Only known codes and known permission names are ever shown.
/// </summary>
public sealed class ExternalFailureMessages(
    AuthenticatorSnapshot authenticators,
    ExternalProviders providers,
    IStringLocalizerFactory localizers,
    IStringLocalizer<SignInText> generic)
{
    public string? For(string? authenticatorName, string? code, string? permission)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var type = authenticators.Current.Authenticators.FirstOrDefault(a => a.Name == authenticatorName)?.Type;
        if (providers.Find(type)?.Definition.Failures is { } failures)
        {
            var own = localizers.Create(failures.TextResource);
            if (code == SignInErrors.PermissionDenied && permission is not null
                && failures.KnownPermissions.Contains(permission) && failures.PermissionMessageKey is { } permissionKey)
            {
                return own[permissionKey, permission].Value;
            }

            if (failures.MessageKeys.TryGetValue(code, out var ownKey))
            {
                return own[ownKey].Value;
            }
        }

        return generic[SignInErrors.MessageKeys.GetValueOrDefault(code, "ErrorGeneric")].Value;
    }
}
