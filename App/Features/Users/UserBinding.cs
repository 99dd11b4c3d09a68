using BlazorAuth.Features.Authenticators;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.Users;

/// <summary>A user's identity at an external authenticator (DingTalk's unionId), one per (authenticator, user).</summary>
public sealed class UserBinding
{
    public int Id { get; set; }

    public int AuthenticatorId { get; set; }

    public Authenticator? Authenticator { get; set; }

    public required string UserId { get; set; }

    public AppUser? User { get; set; }

    public required string UnionId { get; set; }

    public string? OpenId { get; set; }

    public string? Nick { get; set; }

    public string? AvatarUrl { get; set; }

    /// <summary>The email DingTalk reported: unverified, so kept here and never used to match accounts.</summary>
    public string? Email { get; set; }

    public DateTime FirstSignInAt { get; set; }

    public DateTime LastSignInAt { get; set; }
}

internal sealed class UserBindingConfiguration : IEntityTypeConfiguration<UserBinding>
{
    public void Configure(EntityTypeBuilder<UserBinding> binding)
    {
        binding.ToTable("UserBindings");
        binding.HasIndex(b => new { b.AuthenticatorId, b.UnionId }).IsUnique();
        binding.HasIndex(b => new { b.AuthenticatorId, b.UserId }).IsUnique();
        binding.HasIndex(b => b.UserId);
        binding.Property(b => b.UnionId).HasMaxLength(128);
        binding.Property(b => b.OpenId).HasMaxLength(128);
        binding.Property(b => b.Nick).HasMaxLength(128);
        binding.Property(b => b.AvatarUrl).HasMaxLength(2048);
        binding.Property(b => b.Email).HasMaxLength(256);
        binding.HasOne(b => b.Authenticator).WithMany().HasForeignKey(b => b.AuthenticatorId).OnDelete(DeleteBehavior.Cascade);
        binding.HasOne(b => b.User).WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
