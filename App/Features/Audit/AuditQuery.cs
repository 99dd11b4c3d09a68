using System.Globalization;
using System.Text;

namespace BlazorAuth.Features.Audit;

/// <summary>A filter of the audit log. Every field is optional; <see cref="From"/> is inclusive, <see cref="To"/> exclusive.</summary>
public sealed record AuditFilter(
    DateTime? From = null,
    DateTime? To = null,
    string? Type = null,
    string? Result = null,
    string? UserId = null,
    string? Authenticator = null,
    string? Ip = null);

/// <summary>Where the next page starts: just after (older than) the last record of this one.</summary>
public readonly record struct AuditCursor(DateTime At, long Id)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{At.Ticks.ToString(CultureInfo.InvariantCulture)}:{Id.ToString(CultureInfo.InvariantCulture)}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, out AuditCursor cursor)
    {
        cursor = default;
        if (text.Length is 0 or > 64)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(bytes[..length]).Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        cursor = new AuditCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }
}

/// <summary>One record as the API, the CSV and the console show it.</summary>
public sealed record AuditItem(
    long Id,
    DateTime At,
    string Type,
    string Result,
    string? Reason,
    string? UserId,
    string? UserName,
    string? ActorId,
    string? LoginName,
    string? LoginNameHash,
    int? LoginNameLength,
    string? Authenticator,
    string? Method,
    string? IpAddress,
    string? UserAgent,
    string? SessionId,
    string? RequestId,
    string? Detail);

public sealed record AuditPage(IReadOnlyList<AuditItem> Items, string? Next);

/// <summary>The user's own sign-in, as "Recent activity" on My account shows it.</summary>
public sealed record RecentSignInRecord(DateTime At, string? Authenticator, string? Method, string? IpAddress, string? UserAgent, string Result, string? Reason);
