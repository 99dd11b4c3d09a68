using System.Net;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Kite;

/// <summary>What a person's browser does between the app and Kite, over real HTTP.</summary>
public static class KiteSteps
{
    /// <summary>
    /// Follows a started flow to Kite's authorize endpoint, where <paramref name="person"/> approves (or, with no person,
    /// cancels). Answers the callback URL Kite sends the browser back to, not yet visited.
    /// </summary>
    public static async Task<string> AtKiteAsync(this BrowserClient browser, HttpResponseMessage challenge, KiteServer kite, KitePerson? person)
    {
        var authorize = challenge.Headers.Location;
        Assert.True(challenge.StatusCode == HttpStatusCode.Redirect && authorize is not null && authorize.AbsoluteUri.StartsWith(kite.Url("/authorize"), StringComparison.Ordinal),
            $"Expected a redirect to Kite but got {(int)challenge.StatusCode} to {authorize}.");
        var url = person is null ? QueryHelpers.AddQueryString(authorize.AbsoluteUri, "deny", "1") : QueryHelpers.AddQueryString(authorize.AbsoluteUri, "person", person.Subject);
        using var answer = await browser.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!.AbsoluteUri;
    }

    /// <summary>Clicks the Kite button of <paramref name="authenticator"/> on /signin; answers the callback URL.</summary>
    public static async Task<string> AuthorizeWithKiteAsync(this BrowserClient browser, string authenticator, KiteServer kite, KitePerson? person)
    {
        using var challenge = await browser.GetAsync(ExternalSignInPaths.Login(KitePlugin.TypeName, authenticator));
        return await browser.AtKiteAsync(challenge, kite, person);
    }

    /// <summary>The whole sign-in; answers where the app finally sends the browser.</summary>
    public static async Task<string> SignInWithKiteAsync(this BrowserClient browser, string authenticator, KiteServer kite, KitePerson? person) =>
        await browser.FollowCallbackAsync(await browser.AuthorizeWithKiteAsync(authenticator, kite, person));

    public static Task<List<UserBinding>> KiteBindingsAsync(this TestApp app, string authenticator) =>
        app.WithDbAsync(db => db.UserBindings.AsNoTracking().Where(b => b.Authenticator!.Name == authenticator).ToListAsync());
}
