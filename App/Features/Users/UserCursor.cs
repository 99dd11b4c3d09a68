using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace BlazorAuth.Features.Users;

/// <summary>
/// A position in the user list (newest first, then by id), handed out as an opaque text. "Next" and "previous" seek
/// from it through the (CreatedAt DESC, Id) index, so they cost the same on page 2 and page 5,000, where OFFSET would
/// read and skip every earlier row. The text only names a position: a forged one shows a different page, nothing more.
/// </summary>
public sealed record UserCursor(DateTime CreatedAt, string Id)
{
    private const int MaxLength = 700;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}.{Id}"));

    public static bool TryDecode(string? text, out UserCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var dot = decoded.IndexOf('.');
        if (dot <= 0 || dot == decoded.Length - 1
            || !long.TryParse(decoded.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        cursor = new UserCursor(new DateTime(ticks, DateTimeKind.Utc), decoded[(dot + 1)..]);
        return true;
    }
}

/// <summary>Which way a page is read: from the start, after a cursor (next) or before one (previous).</summary>
public enum UserSeek
{
    First,
    After,
    Before,
}
