using System.Net;
using System.Text.RegularExpressions;

namespace BlazorAuth.Tests.Support;

/// <summary>Reads what a user would see on a server-rendered page.</summary>
public static partial class Html
{
    /// <summary>The text of the page's <c>role="alert"</c> element, or null when there is none.</summary>
    public static string? AlertText(string html)
    {
        var match = AlertRegex().Match(html);
        return match.Success ? Text(match.Groups[1].Value) : null;
    }

    /// <summary>The antiforgery token of the form that posts to <paramref name="action"/>.</summary>
    public static string AntiforgeryTokenForAction(string html, string action)
    {
        foreach (Match form in FormRegex().Matches(html))
        {
            if (form.Value.Contains($"action=\"{action}\"", StringComparison.OrdinalIgnoreCase))
            {
                var token = TokenRegex().Match(form.Value);
                if (token.Success)
                {
                    return WebUtility.HtmlDecode(token.Groups[1].Value);
                }
            }
        }

        throw new InvalidOperationException($"No form posting to '{action}' with an antiforgery token on the page.");
    }

    public static string Text(string fragment) =>
        WhitespaceRegex().Replace(WebUtility.HtmlDecode(TagRegex().Replace(fragment, " ")), " ").Trim();

    [GeneratedRegex("role=\"alert\"[^>]*>([\\s\\S]*?)</div>", RegexOptions.IgnoreCase)]
    private static partial Regex AlertRegex();

    [GeneratedRegex("<form[\\s\\S]*?</form>", RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex TokenRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhitespaceRegex();
}
