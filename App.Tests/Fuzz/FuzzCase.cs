using System.Net;
using System.Text;

namespace BlazorAuth.Tests.Fuzz;

/// <summary>What a flow answer may be: problem details (API), or a page, or a redirect that ends on /signin with a known code.</summary>
public enum FuzzSurface
{
    Api,
    Page,
    SignInFlow,

    /// <summary>A form that sends the browser back to a return URL: only ever to a local one.</summary>
    LocalRedirect,
}

/// <summary>One generated request, numbered so a failure names the case to replay.</summary>
public sealed record FuzzCase(int Number, FuzzSurface Surface, HttpMethod Method, string Path, string? Body = null,
    string? ContentType = null, IReadOnlyList<KeyValuePair<string, string>>? Form = null, bool ReadsBody = false)
{
    public HttpRequestMessage ToRequest(string? antiforgeryToken)
    {
        var request = new HttpRequestMessage(Method, Path);
        if (Form is not null)
        {
            var fields = antiforgeryToken is null ? Form : [.. Form, new("__RequestVerificationToken", antiforgeryToken)];
            var encoded = string.Join('&', fields.Select(f => $"{WebUtility.UrlEncode(f.Key)}={WebUtility.UrlEncode(f.Value)}"));
            request.Content = new StringContent(encoded, Encoding.UTF8, "application/x-www-form-urlencoded");
        }
        else if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8);
            request.Content.Headers.ContentType = ContentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType);
        }

        return request;
    }

    public override string ToString() => $"#{Number} {Method} {Path[..Math.Min(Path.Length, 200)]} body={Body?[..Math.Min(Body.Length, 200)]}";
}

/// <summary>Builds query strings and paths from hostile values; WebUtility encodes lone surrogates as U+FFFD instead of throwing.</summary>
public static class FuzzUrl
{
    public static string Query(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => $"{WebUtility.UrlEncode(p.Key)}={WebUtility.UrlEncode(p.Value)}"));

    public static string Segment(string value) => WebUtility.UrlEncode(value).Replace("+", "%20", StringComparison.Ordinal);
}
