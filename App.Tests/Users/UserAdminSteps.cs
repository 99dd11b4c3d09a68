using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Users;

/// <summary>Steps for the user-administration tests: the admin API, signing in as someone, and reading what the database holds.</summary>
public static partial class UserAdminSteps
{
    public const string UserPassword = "User!Pass12345";
    public const string GenericRefusal = "The email, user name or password is incorrect, or this account cannot sign in right now.";

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>POST /api/users, which must answer 201.</summary>
    public static async Task<JsonElement> CreateUserAsync(this ApiClient admin, object body) =>
        (await admin.PostAsync("/api/users", body)).ShouldBe(HttpStatusCode.Created).Json;

    /// <summary>A user with a known password through the API; an admin when <paramref name="admin"/> is set.</summary>
    public static async Task<string> AddUserAsync(this ApiClient api, string userName, bool admin = false, string? phone = null) =>
        (await api.CreateUserAsync(new
        {
            displayName = "User " + userName,
            userName,
            email = $"{userName}@corp.example",
            phoneNumber = phone,
            roles = admin ? new[] { "Admin" } : [],
            password = UserPassword,
        })).GetProperty("id").GetString()!;

    public static Task<AppUser> UserRowAsync(this TestApp app, string id) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));

    public static Task<bool> UserExistsAsync(this TestApp app, string id) =>
        app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == id));

    /// <summary>Signs in through the /signin form and answers where the app sent the browser; fails when it was refused.</summary>
    public static async Task<(BrowserClient Browser, string Target)> SignInAsync(this TestApp app, string login, string password)
    {
        var browser = app.CreateBrowser();
        using var response = await browser.SignInAsync(login, password);
        Assert.True(browser.HasSessionCookie(), $"{login} could not sign in: {Html.AlertText(await response.Content.ReadAsStringAsync())}");
        return (browser, response.RedirectTarget());
    }

    /// <summary>Tries a password sign-in that must be refused, and answers the message the person sees.</summary>
    public static async Task<string?> RefusedSignInAsync(this TestApp app, string login, string password)
    {
        using var browser = app.CreateBrowser();
        using var response = await browser.SignInAsync(login, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(browser.HasSessionCookie(), $"{login} was signed in but should have been refused.");
        return Html.AlertText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>What a page request of this browser gets: the redirect's target, else the status code ("200", "403").</summary>
    public static async Task<string> VisitAsync(this BrowserClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
            ? response.RedirectTarget()
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A DingTalk sign-in as a person does it, over real HTTP against the app's sandbox: the login route, DingTalk's
    /// (sandbox) page, its "Confirm as …" link, and the callback. Answers where the app sent the browser in the end.
    /// </summary>
    public static async Task<string> DingTalkSignInAsync(this BrowserClient browser, string authenticator, string nick)
    {
        using var login = await browser.GetAsync($"/auth/dingtalk/{authenticator}/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var page = await browser.Http.GetStringAsync(login.Headers.Location);
        var confirm = ConfirmLink().Matches(page).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups[2].Value) == $"Confirm as {nick}")
            ?? throw new Xunit.Sdk.XunitException($"The sandbox page has no \"Confirm as {nick}\" link.");
        using var confirmed = await browser.GetAsync(WebUtility.HtmlDecode(confirm.Groups[1].Value));
        using var callback = await browser.Http.GetAsync(confirmed.Headers.Location);
        return callback.RedirectTarget();
    }

    [GeneratedRegex("<a class=\"sandbox-confirm\" href=\"([^\"]+)\" aria-label=\"([^\"]+)\"")]
    private static partial Regex ConfirmLink();
}
