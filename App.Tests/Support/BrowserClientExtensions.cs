using System.Net;

namespace BlazorAuth.Tests.Support;

public static class BrowserClientExtensions
{
    public const string SessionCookie = "BlazorAuth.Session";

    /// <summary>True when the browser holds the app's session cookie.</summary>
    public static bool HasSessionCookie(this BrowserClient browser) =>
        browser.Cookies.GetCookies(browser.Http.BaseAddress!).Any(c => c.Name == SessionCookie && !c.Expired);

    /// <summary>The raw Set-Cookie header that sets <paramref name="name"/>, or null.</summary>
    public static string? SetCookieHeader(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;

    /// <summary>Clicks "Sign out" on <paramref name="page"/>: posts its sign-out form with that form's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(this BrowserClient browser, string page = "/")
    {
        var html = await browser.Http.GetStringAsync(page);
        var token = Html.AntiforgeryTokenForAction(html, "/signout");
        return await browser.Http.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<(HttpStatusCode Status, string Body)> GetPageAsync(this BrowserClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
