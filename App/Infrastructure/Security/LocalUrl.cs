using System.Text;

namespace BlazorAuth.Infrastructure.Security;

public static class LocalUrl
{
    /// <summary>Longer return URLs are dropped: nothing the app links to comes close, and they only bloat cookies and headers.</summary>
    public const int MaxLength = 2048;

    /// <summary>
    /// True only for an app-relative path such as "/admin?x=1": the rule of ASP.NET Core's IUrlHelper.IsLocalUrl
    /// ("//evil.example", "/\evil.example" and absolute URLs are refused), and besides no backslash anywhere, no
    /// control character and at most <see cref="MaxLength"/> characters.
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url.Contains('\\') || url.Any(char.IsControl))
        {
            return false;
        }

        if (url[0] == '/')
        {
            return url.Length == 1 || url[1] != '/';
        }

        return url.Length > 1 && url[0] == '~' && url[1] == '/' && (url.Length == 2 || url[2] != '/');
    }

    /// <summary>
    /// A local URL made safe for a Location header (spaces and non-ASCII percent-encoded as UTF-8, the tilde dropped), else
    /// <paramref name="fallback"/>. Kestrel refuses a non-ASCII header value, so a raw "/é" would end in a 500.
    /// </summary>
    public static string OrDefault(string? url, string fallback) => IsLocal(url) ? AsciiOnly(url!.TrimStart('~')) : fallback;

    private static bool IsPlain(char c) => c is > ' ' and < (char)0x7f;

    private static string AsciiOnly(string url)
    {
        if (url.All(IsPlain))
        {
            return url;
        }

        var builder = new StringBuilder(url.Length * 3);
        for (var i = 0; i < url.Length; i++)
        {
            if (IsPlain(url[i]))
            {
                builder.Append(url[i]);
                continue;
            }

            // A surrogate pair is one character in UTF-8; a lone surrogate cannot be encoded and becomes U+FFFD.
            var length = char.IsHighSurrogate(url[i]) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1]) ? 2 : 1;
            var text = length == 2 || !char.IsSurrogate(url[i]) ? url.Substring(i, length) : "\uFFFD";
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            i += length - 1;
        }

        return builder.ToString();
    }
}
