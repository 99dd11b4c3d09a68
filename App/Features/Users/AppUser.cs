using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Users;

public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }

    public string? AvatarUrl { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool MustChangePassword { get; set; }
}
