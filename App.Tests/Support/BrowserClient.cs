using System.Net;
using System.Text.RegularExpressions;

namespace BlazorAuth.Tests.Support;

/// <summary>An HttpClient with a cookie jar that submits static-SSR forms the way a browser does, antiforgery token included.</summary>
public sealed partial class BrowserClient : IDisposable
{
    private readonly HttpClient http;

    public BrowserClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
        };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    /// <summary>Loads the page at <paramref name="path"/> and posts its form named <paramref name="formName"/> with the given fields.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string path, string formName, IDictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(path);
        var token = AntiforgeryToken(page, formName);
        var body = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = token,
        };
        return await http.PostAsync(path, new FormUrlEncodedContent(body));
    }

    /// <summary>Signs in through the real /signin form and answers where the app sent the browser.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string login, string password, string? returnUrl = null, string authenticator = "basic")
    {
        var path = returnUrl is null ? "/signin" : $"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return await SubmitFormAsync(path, $"[{authenticator}]password-signin", new Dictionary<string, string>
        {
            ["Input.Login"] = login,
            ["Input.Password"] = password,
        });
    }

    public static string AntiforgeryToken(string html, string formName)
    {
        foreach (Match form in FormRegex().Matches(html))
        {
            if (form.Value.Contains($"value=\"{formName}\"", StringComparison.Ordinal) || formName.Length == 0)
            {
                var token = TokenRegex().Match(form.Value);
                if (token.Success)
                {
                    return WebUtility.HtmlDecode(token.Groups[1].Value);
                }
            }
        }

        throw new InvalidOperationException($"No form '{formName}' with an antiforgery token on the page.");
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<form[\\s\\S]*?</form>", RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex TokenRegex();
}
