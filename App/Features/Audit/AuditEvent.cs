using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// One thing that happened: a sign-in attempt, a sign-out, a session ending, or a change an administrator or the user made.
/// Never a password, secret, token or code: the columns below are everything a record can hold. Times are UTC.
/// </summary>
public sealed class AuditEvent
{
    public const int TypeLength = 48;
    public const int ResultLength = 8;
    public const int ReasonLength = 64;
    public const int UserIdLength = 64;
    public const int LoginNameMax = 256;
    public const int AuthenticatorLength = 64;
    public const int MethodLength = 32;
    public const int IpLength = 64;
    public const int UserAgentLength = 512;
    public const int SessionLength = 32;
    public const int RequestIdLength = 128;
    public const int DetailLength = 256;

    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>One of <see cref="AuditEventTypes"/>.</summary>
    public required string Type { get; set; }

    /// <summary><see cref="AuditResults.Success"/> or <see cref="AuditResults.Failure"/>.</summary>
    public required string Result { get; set; }

    /// <summary>The flow's fixed code for a refusal (e.g. invalid_credentials, user_not_found); null for a success.</summary>
    public string? Reason { get; set; }

    /// <summary>The user the event is about, when known.</summary>
    public string? UserId { get; set; }

    /// <summary>Who acted: the administrator of an admin change, the user themself of their own change.</summary>
    public string? ActorId { get; set; }

    /// <summary>The login name tried, only when it names an existing account (else see <see cref="LoginNameHash"/>).</summary>
    public string? LoginName { get; set; }

    /// <summary>HMAC-SHA256 (hex, truncated) of a login name that named nobody, so repeated tries group without storing what was typed.</summary>
    public string? LoginNameHash { get; set; }

    public int? LoginNameLength { get; set; }

    /// <summary>The authenticator's name (the one signed in with, or the one an admin changed).</summary>
    public string? Authenticator { get; set; }

    /// <summary>"password", "web", "inapp": how the sign-in was made.</summary>
    public string? Method { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public string? SessionId { get; set; }

    /// <summary>The upstream provider's request id of a failure (DingTalk's requestid), to quote to its support.</summary>
    public string? RequestId { get; set; }

    /// <summary>A fixed, non-secret detail: the plugin switched, the roles granted and revoked, the order of authenticators.</summary>
    public string? Detail { get; set; }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.ToTable("AuditEvents");
        audit.HasKey(e => e.Id);
        audit.Property(e => e.Type).HasMaxLength(AuditEvent.TypeLength);
        audit.Property(e => e.Result).HasMaxLength(AuditEvent.ResultLength);
        audit.Property(e => e.Reason).HasMaxLength(AuditEvent.ReasonLength);
        audit.Property(e => e.UserId).HasMaxLength(AuditEvent.UserIdLength);
        audit.Property(e => e.ActorId).HasMaxLength(AuditEvent.UserIdLength);
        audit.Property(e => e.LoginName).HasMaxLength(AuditEvent.LoginNameMax);
        audit.Property(e => e.LoginNameHash).HasMaxLength(64);
        audit.Property(e => e.Authenticator).HasMaxLength(AuditEvent.AuthenticatorLength);
        audit.Property(e => e.Method).HasMaxLength(AuditEvent.MethodLength);
        audit.Property(e => e.IpAddress).HasMaxLength(AuditEvent.IpLength);
        audit.Property(e => e.UserAgent).HasMaxLength(AuditEvent.UserAgentLength);
        audit.Property(e => e.SessionId).HasMaxLength(AuditEvent.SessionLength);
        audit.Property(e => e.RequestId).HasMaxLength(AuditEvent.RequestIdLength);
        audit.Property(e => e.Detail).HasMaxLength(AuditEvent.DetailLength);

        // Newest first, by (At, Id): the unfiltered page, the time range and retention's delete walk this one.
        audit.HasIndex(e => new { e.At, e.Id });
        // One per filter, each ending in the paging order, so a filtered page is an index range read newest first.
        audit.HasIndex(e => new { e.Type, e.At, e.Id });
        audit.HasIndex(e => new { e.UserId, e.At, e.Id });
        audit.HasIndex(e => new { e.Authenticator, e.At, e.Id });
        audit.HasIndex(e => new { e.IpAddress, e.At, e.Id });
        audit.HasIndex(e => new { e.Result, e.At, e.Id });
    }
}

/// <summary>The key login names are hashed with, generated once and kept protected by Data Protection.</summary>
public sealed class AuditKey
{
    public int Id { get; set; }

    public required string ProtectedKey { get; set; }
}

internal sealed class AuditKeyConfiguration : IEntityTypeConfiguration<AuditKey>
{
    public void Configure(EntityTypeBuilder<AuditKey> key)
    {
        key.ToTable("AuditKeys");
        key.Property(k => k.Id).ValueGeneratedNever();
        key.Property(k => k.ProtectedKey).HasMaxLength(1024);
    }
}
