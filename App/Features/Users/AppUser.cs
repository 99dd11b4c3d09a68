using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Users;

public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }

    public string? AvatarUrl { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool MustChangePassword { get; set; }

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
