using System.Net;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// A password sign-in as a browser on https behind a TLS-terminating proxy makes it: the app sees plain http, and its
/// cookies are Secure. A cookie jar would not send Secure cookies back over http, so cookies travel by hand here.
/// </summary>
public static class ProxiedSignIn
{
    /// <summary>GET /signin and POST its form; answers both responses. <paramref name="headers"/> go on both requests.</summary>
    public static async Task<(HttpResponseMessage Page, HttpResponseMessage SignedIn)> SignInAsync(
        TestApp app, IDictionary<string, string>? headers = null)
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            http.DefaultRequestHeaders.Add(name, value);
        }

        var page = await http.GetAsync("/signin");
        var html = await page.Content.ReadAsStringAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "[basic]password-signin",
                ["__RequestVerificationToken"] = BrowserClient.AntiforgeryToken(html, "[basic]password-signin"),
                ["Input.Login"] = TestApp.AdminEmail,
                ["Input.Password"] = TestApp.AdminPassword,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", SetCookies(page).Select(c => c.Split(';')[0])));
        var signedIn = await http.SendAsync(post);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"The sign-in answered {(int)signedIn.StatusCode}.");
        return (page, signedIn);
    }

    public static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];
}
