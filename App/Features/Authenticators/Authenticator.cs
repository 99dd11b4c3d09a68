using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.Authenticators;

public sealed class Authenticator
{
    public const int NameMaxLength = 64;
    public const int TitleMaxLength = 128;
    public const int DescriptionMaxLength = 1024;

    public int Id { get; set; }

    /// <summary>The "Auth UID": unique and immutable, part of the DingTalk callback URL.</summary>
    public required string Name { get; set; }

    public required string Type { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public bool Enabled { get; set; }

    public int Sort { get; set; }

    /// <summary>The options the browser may see, as camelCase JSON.</summary>
    public string OptionsJson { get; set; } = "{}";

    /// <summary>The secret options as JSON, encrypted with Data Protection; null when there are none.</summary>
    public string? ProtectedSecrets { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class AuthenticatorConfiguration : IEntityTypeConfiguration<Authenticator>
{
    public void Configure(EntityTypeBuilder<Authenticator> authenticator)
    {
        authenticator.ToTable("Authenticators");
        authenticator.HasIndex(a => a.Name).IsUnique();
        authenticator.HasIndex(a => a.Sort);
        authenticator.Property(a => a.Name).HasMaxLength(Authenticator.NameMaxLength);
        authenticator.Property(a => a.Type).HasMaxLength(64);
        authenticator.Property(a => a.Title).HasMaxLength(Authenticator.TitleMaxLength);
        authenticator.Property(a => a.Description).HasMaxLength(Authenticator.DescriptionMaxLength);
    }
}
