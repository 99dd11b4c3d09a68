using System.ComponentModel.DataAnnotations;
using BlazorAuth.Features.Users;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// What a provider says about a person is checked before it touches the database: a name is cut to its column, an
/// email Identity would refuse and an avatar that is no http(s) URL are dropped, a mobile that cannot be read counts
/// as no mobile. Only an unusable key refuses the sign-in. Otherwise a long DingTalk nick failed the sign-up with an
/// exception instead of a clear answer.
/// </summary>
public static class ExternalProfileLimits
{
    public const int ProviderKeyLength = 128;
    public const int NameLength = 128;
    public const int EmailLength = 256;
    public const int UrlLength = 2048;
    public const int PhoneLength = 32;
    public const int ExtraValueLength = 256;

    private static readonly EmailAddressAttribute EmailRule = new();

    /// <summary>The identity within the app's limits, or null when its key cannot be stored.</summary>
    public static ExternalIdentity? Clean(ExternalIdentity identity)
    {
        if (string.IsNullOrWhiteSpace(identity.ProviderKey) || identity.ProviderKey.Length > ProviderKeyLength || identity.ProviderKey.Any(char.IsControl))
        {
            return null;
        }

        var mobile = PhoneNumbers.Normalize(identity.Mobile, identity.MobileCountryCode) is { Length: <= PhoneLength } ? identity.Mobile : null;
        return identity with
        {
            DisplayName = Cut(Plain(identity.DisplayName), NameLength),
            Email = Plain(identity.Email) is { Length: <= EmailLength } email && !email.Any(char.IsWhiteSpace) && EmailRule.IsValid(email) ? email : null,
            AvatarUrl = identity.AvatarUrl is { Length: <= UrlLength } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && uri.Scheme is "https" or "http" ? url : null,
            Mobile = mobile,
            MobileCountryCode = mobile is null ? null : identity.MobileCountryCode,
            Extras = identity.Extras?.Where(e => e.Key.Length <= 64)
                .ToDictionary(e => e.Key, e => Cut(Plain(e.Value), ExtraValueLength) ?? ""),
        };
    }

    /// <summary>Trimmed, without control characters; null when nothing is left.</summary>
    private static string? Plain(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var plain = new string([.. text.Where(c => !char.IsControl(c))]).Trim();
        return plain.Length == 0 ? null : plain;
    }

    /// <summary>At most <paramref name="length"/> characters, never half a surrogate pair.</summary>
    private static string? Cut(string? text, int length)
    {
        if (text is null || text.Length <= length)
        {
            return text;
        }

        var end = char.IsLowSurrogate(text[length]) ? length - 1 : length;
        return text[..end];
    }
}
