using System.Text.Json;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// A user's identity at an external authenticator, one per (authenticator, user) and one per (authenticator, provider key).
/// The profile fields every provider has are columns; whatever else a provider reports is kept apart in <see cref="Extras"/>.
/// </summary>
public sealed class UserBinding
{
    public int Id { get; set; }

    public int AuthenticatorId { get; set; }

    public Authenticator? Authenticator { get; set; }

    public required string UserId { get; set; }

    public AppUser? User { get; set; }

    /// <summary>The provider's stable id of the person (DingTalk: the unionId).</summary>
    public required string ProviderKey { get; set; }

    /// <summary>The provider's own fields (DingTalk: openId), as a JSON object of strings.</summary>
    public string? Extras { get; set; }

    public string? Nick { get; set; }

    public string? AvatarUrl { get; set; }

    /// <summary>The email the provider reported: unverified, so kept here and never used to match accounts.</summary>
    public string? Email { get; set; }

    public DateTime FirstSignInAt { get; set; }

    public DateTime LastSignInAt { get; set; }

    public string? Extra(string name) =>
        Extras is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(Extras)?.GetValueOrDefault(name);

    public static string? WriteExtras(IReadOnlyDictionary<string, string>? extras) =>
        extras is null || extras.Count == 0 ? null : JsonSerializer.Serialize(extras);
}

internal sealed class UserBindingConfiguration : IEntityTypeConfiguration<UserBinding>
{
    public void Configure(EntityTypeBuilder<UserBinding> binding)
    {
        binding.ToTable("UserBindings");
        binding.HasIndex(b => new { b.AuthenticatorId, b.ProviderKey }).IsUnique();
        binding.HasIndex(b => new { b.AuthenticatorId, b.UserId }).IsUnique();
        binding.HasIndex(b => b.UserId);
        binding.Property(b => b.ProviderKey).HasMaxLength(128);
        binding.Property(b => b.Extras).HasMaxLength(2048);
        binding.Property(b => b.Nick).HasMaxLength(128);
        binding.Property(b => b.AvatarUrl).HasMaxLength(2048);
        binding.Property(b => b.Email).HasMaxLength(256);
        binding.HasOne(b => b.Authenticator).WithMany().HasForeignKey(b => b.AuthenticatorId).OnDelete(DeleteBehavior.Cascade);
        binding.HasOne(b => b.User).WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
