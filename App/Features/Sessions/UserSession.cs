using BlazorAuth.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.Sessions;

/// <summary>
/// A signed-in browser: the server-side half of the session cookie. The cookie carries a random key; only its SHA-256
/// is kept here, so a copy of this table cannot be turned back into a cookie. Times are UTC.
/// </summary>
public sealed class UserSession
{
    /// <summary>The public id, shown in lists and the API; never the key.</summary>
    public required string Id { get; set; }

    /// <summary>SHA-256 of the cookie's session key, hex.</summary>
    public required string KeyHash { get; set; }

    public required string UserId { get; set; }

    public AppUser? User { get; set; }

    /// <summary>The authenticator signed in through (its name).</summary>
    public string? Authenticator { get; set; }

    /// <summary>The "amr" of the sign-in: "pwd" for a password, the provider type otherwise.</summary>
    public string? Method { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime AuthenticatedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>The serialized authentication ticket (claims and properties) the cookie stands for.</summary>
    public required byte[] Ticket { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.ToTable("Sessions");
        session.Property(s => s.Id).HasMaxLength(32);
        session.Property(s => s.KeyHash).HasMaxLength(64);
        session.HasIndex(s => s.KeyHash).IsUnique();
        session.HasIndex(s => s.UserId);
        session.HasIndex(s => s.ExpiresAt);
        session.Property(s => s.Authenticator).HasMaxLength(128);
        session.Property(s => s.Method).HasMaxLength(64);
        session.Property(s => s.IpAddress).HasMaxLength(64);
        session.Property(s => s.UserAgent).HasMaxLength(512);
        session.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
