using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.Users;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(128);
        user.Property(u => u.AvatarUrl).HasMaxLength(2048);
        user.Property(u => u.PhoneNumber).HasMaxLength(32);
        user.Property(u => u.NormalizedPhoneNumber).HasMaxLength(32);
        user.HasIndex(u => u.NormalizedPhoneNumber);
        user.HasIndex(u => u.DisplayName);
        // The list's order, newest first: keyset paging seeks it forwards (next) and backwards (previous).
        user.HasIndex(u => new { u.CreatedAt, u.Id }).IsDescending(true, false);
        user.Ignore(u => u.IsLockedByAdmin);
    }
}
