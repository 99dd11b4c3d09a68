using System.Text;

namespace BlazorAuth.Features.Users;

/// <summary>
/// One comparable form for phone numbers: "+" and digits. DingTalk reports a mobile with its country code
/// ("stateCode") apart; numbers typed without a country code are taken as Chinese (+86), DingTalk's home.
/// </summary>
public static class PhoneNumbers
{
    public const string DefaultCountryCode = "86";

    public static string? Normalize(string? number, string? countryCode = null)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var trimmed = number.Trim();
        var international = trimmed.StartsWith('+') || trimmed.StartsWith("00", StringComparison.Ordinal);
        var digits = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+' or '\u00a0'))
            {
                return null;
            }
        }

        if (digits.Length == 0)
        {
            return null;
        }

        var text = digits.ToString();
        if (international)
        {
            return "+" + (trimmed.StartsWith('+') ? text : text[2..]);
        }

        var code = string.IsNullOrWhiteSpace(countryCode) ? DefaultCountryCode : countryCode.Trim().TrimStart('+');
        // A national trunk prefix ("0") is dropped in international form.
        return "+" + code + (text.StartsWith('0') && code != DefaultCountryCode ? text[1..] : text);
    }
}
