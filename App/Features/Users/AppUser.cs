using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Users;

public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }

    public string? AvatarUrl { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool MustChangePassword { get; set; }

    /// <summary>
    /// When an administrator locked the user (UTC), until one unlocks them: every sign-in method refused, every session
    /// ended. Kept apart from Identity's <see cref="IdentityUser.LockoutEnd"/>, which only ever means the timed lockout
    /// after wrong passwords and limits nothing but password sign-in from browsers without this account's device cookie.
    /// </summary>
    public DateTime? LockedByAdminAt { get; set; }

    public bool IsLockedByAdmin => LockedByAdminAt is not null;

    /// <summary>The phone number in <see cref="PhoneNumbers"/> form: the key DingTalk sign-ins match on.</summary>
    public string? NormalizedPhoneNumber { get; private set; }

    public override string? PhoneNumber
    {
        get => base.PhoneNumber;
        set
        {
            base.PhoneNumber = value;
            NormalizedPhoneNumber = PhoneNumbers.Normalize(value);
        }
    }
}
