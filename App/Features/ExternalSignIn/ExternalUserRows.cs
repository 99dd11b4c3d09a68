using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Users;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>The rows an external sign-in writes: a new binding, a refreshed one, the provider's profile on the user.</summary>
internal static class ExternalUserRows
{
    public static UserBinding NewBinding(Authenticator authenticator, AppUser user, ExternalIdentity profile, DateTime now) => new()
    {
        AuthenticatorId = authenticator.Id,
        UserId = user.Id,
        ProviderKey = profile.ProviderKey,
        Extras = UserBinding.WriteExtras(profile.Extras),
        Nick = profile.DisplayName,
        AvatarUrl = profile.AvatarUrl,
        Email = profile.Email,
        FirstSignInAt = now,
        LastSignInAt = now,
    };

    /// <summary>
    /// The provider's name and avatar onto the user; a new stamp, so an admin's edit begun before this one gets a conflict.
    /// False when nothing changed.
    /// </summary>
    public static bool CopyProfile(AppUser user, ExternalIdentity profile)
    {
        var name = profile.DisplayName ?? user.DisplayName;
        var avatar = profile.AvatarUrl ?? user.AvatarUrl;
        if (name == user.DisplayName && avatar == user.AvatarUrl)
        {
            return false;
        }

        user.DisplayName = name;
        user.AvatarUrl = avatar;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        return true;
    }

    public static void Refresh(UserBinding binding, ExternalIdentity profile, DateTime now)
    {
        binding.Extras = UserBinding.WriteExtras(profile.Extras) ?? binding.Extras;
        binding.Nick = profile.DisplayName ?? binding.Nick;
        binding.AvatarUrl = profile.AvatarUrl ?? binding.AvatarUrl;
        binding.Email = profile.Email ?? binding.Email;
        binding.LastSignInAt = now;
    }
}
