using System.Net;
using System.Text.RegularExpressions;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Sandbox;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Tests.Support;

/// <summary>The sandbox's stand-in for DingTalk's login page, as the browser received it.</summary>
public sealed partial record SandboxAuthorizePage(HttpStatusCode Status, string Body)
{
    /// <summary>The error the page shows instead of the demo users, or null.</summary>
    public string? Error => Html.AlertText(Body);

    /// <summary>The "Confirm" link of <paramref name="user"/>; it must be labelled "Confirm as {nick}".</summary>
    public string ConfirmLinkFor(SandboxUser user)
    {
        var link = Links().FirstOrDefault(l => l.Href.EndsWith("&user=" + Uri.EscapeDataString(user.UnionId), StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"The sandbox page offers no {user.Nick} ({user.UnionId}). Error shown: {Error ?? "none"}.");
        Assert.Equal($"Confirm as {user.Nick}", link.Label);
        return link.Href;
    }

    /// <summary>The link that confirms <paramref name="user"/> for the organisation <paramref name="corpId"/>, as the "corpid" scope offers.</summary>
    public string ConfirmLinkFor(SandboxUser user, string corpId)
    {
        var link = Links().FirstOrDefault(l => l.Href.EndsWith($"&user={Uri.EscapeDataString(user.UnionId)}&corpId={Uri.EscapeDataString(corpId)}", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"The sandbox page offers no {user.Nick} in {corpId}. Error shown: {Error ?? "none"}.");
        Assert.Equal($"Confirm as {user.Nick} in {SandboxState.OrganisationName(corpId)}", link.Label);
        return link.Href;
    }

    /// <summary>Whether the page asks <paramref name="user"/> to pick an organisation instead of a plain Confirm.</summary>
    public bool OffersOrganisationsFor(SandboxUser user) =>
        Links().Any(l => l.Href.Contains($"&user={Uri.EscapeDataString(user.UnionId)}&corpId=", StringComparison.Ordinal));

    public string CancelLink =>
        Links().FirstOrDefault(l => l.Text == "Cancel")?.Href ?? throw new Xunit.Sdk.XunitException("The sandbox page has no Cancel link.");

    private IEnumerable<Link> Links() =>
        AnchorRegex().Matches(Body).Select(m =>
        {
            var label = LabelRegex().Match(m.Groups[1].Value);
            return new Link(
                WebUtility.HtmlDecode(HrefRegex().Match(m.Groups[1].Value).Groups[1].Value),
                label.Success ? WebUtility.HtmlDecode(label.Groups[1].Value) : null,
                Html.Text(m.Groups[2].Value));
        });

    private sealed record Link(string Href, string? Label, string Text);

    [GeneratedRegex("<a\\s([^>]*)>([\\s\\S]*?)</a>", RegexOptions.IgnoreCase)]
    private static partial Regex AnchorRegex();

    [GeneratedRegex("href=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HrefRegex();

    [GeneratedRegex("aria-label=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex LabelRegex();
}

/// <summary>
/// A person signing in with DingTalk in a <see cref="BrowserClient"/>: every redirect followed by hand, as a browser would,
/// from the app's login URL to the sandbox's authorize page, its Confirm link, the app's callback and the final page.
/// </summary>
public static partial class DingTalkBrowser
{
    /// <summary>Clicks "Sign in via DingTalk": the app's login URL, which must send the browser on to DingTalk (the sandbox).</summary>
    public static async Task<SandboxAuthorizePage> OpenDingTalkAsync(this BrowserClient browser, string authenticator, string? returnUrl = null)
    {
        using var login = await browser.GetAsync(LoginUrl(authenticator, returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!;
        Assert.True(authorize.IsAbsoluteUri && authorize.AbsolutePath == SandboxEndpoints.BasePath + "/oauth2/auth",
            $"The login URL did not lead to DingTalk's authorize page but to {authorize}.");
        using var page = await browser.GetAsync(authorize.AbsoluteUri);
        return new SandboxAuthorizePage(page.StatusCode, await page.Content.ReadAsStringAsync());
    }

    /// <summary>Clicks "Confirm" for <paramref name="user"/>; answers the callback URL the sandbox sends the browser to, not yet visited.</summary>
    public static async Task<string> ConfirmAsync(this BrowserClient browser, SandboxAuthorizePage page, SandboxUser user)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var confirm = await browser.GetAsync(page.ConfirmLinkFor(user));
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        return confirm.Headers.Location!.AbsoluteUri;
    }

    /// <summary>Clicks the organisation <paramref name="corpId"/> for <paramref name="user"/>; answers the callback URL, not yet visited.</summary>
    public static async Task<string> ConfirmAsync(this BrowserClient browser, SandboxAuthorizePage page, SandboxUser user, string corpId)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var confirm = await browser.GetAsync(page.ConfirmLinkFor(user, corpId));
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        return confirm.Headers.Location!.AbsoluteUri;
    }

    /// <summary>The scope the app's login URL asks DingTalk for.</summary>
    public static async Task<string?> RequestedScopeAsync(this BrowserClient browser, string authenticator)
    {
        using var login = await browser.GetAsync(LoginUrl(authenticator));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return QueryHelpers.ParseQuery(login.Headers.Location!.Query).TryGetValue("scope", out var scope) ? scope.ToString() : null;
    }

    /// <summary>Everything up to DingTalk's redirect back: answers the callback URL, with authCode and state.</summary>
    public static async Task<string> AuthorizeWithDingTalkAsync(this BrowserClient browser, string authenticator, SandboxUser user, string? returnUrl = null) =>
        await browser.ConfirmAsync(await browser.OpenDingTalkAsync(authenticator, returnUrl), user);

    /// <summary>Visits the callback URL; answers where the app sends the browser (path and query).</summary>
    public static async Task<string> FollowCallbackAsync(this BrowserClient browser, string callbackUrl)
    {
        using var response = await browser.GetAsync(callbackUrl);
        if ((int)response.StatusCode >= 500)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"The callback failed with {(int)response.StatusCode}: {body[..Math.Min(body.Length, 3000)]}");
        }

        return response.RedirectTarget();
    }

    /// <summary>The whole sign-in; answers where the app finally sends the browser (path and query).</summary>
    public static async Task<string> SignInWithDingTalkAsync(this BrowserClient browser, string authenticator, SandboxUser user, string? returnUrl = null) =>
        await browser.FollowCallbackAsync(await browser.AuthorizeWithDingTalkAsync(authenticator, user, returnUrl));

    public static string LoginUrl(string authenticator, string? returnUrl = null) =>
        returnUrl is null ? DingTalkPlugin.LoginPath(authenticator) : $"{DingTalkPlugin.LoginPath(authenticator)}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>Opens <paramref name="target"/>, which must be the sign-in page, and answers the error it shows (or null).</summary>
    public static async Task<string?> SignInErrorShownAsync(this BrowserClient browser, string target)
    {
        Assert.StartsWith("/signin?", target, StringComparison.Ordinal);
        var (status, html) = await browser.GetPageAsync(target);
        Assert.Equal(HttpStatusCode.OK, status);
        var match = SignInErrorRegex().Match(html);
        return match.Success ? Html.Text(match.Groups[1].Value) : null;
    }

    /// <summary>The error code in a /signin?authenticator=…&amp;error=… target.</summary>
    public static string? ErrorCode(string target) =>
        QueryHelpers.ParseQuery(new Uri(new Uri("http://app/"), target).Query).TryGetValue("error", out var error) ? error.ToString() : null;

    /// <summary>The name the home page greets the signed-in person with.</summary>
    public static async Task<string?> HomeNameAsync(this BrowserClient browser)
    {
        var (status, html) = await browser.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        var match = HomeNameRegex().Match(html);
        return match.Success ? Html.Text(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("data-testid=\"signin-error\"[^>]*>([\\s\\S]*?)</div>", RegexOptions.IgnoreCase)]
    private static partial Regex SignInErrorRegex();

    [GeneratedRegex("data-testid=\"home-name\"[^>]*>([\\s\\S]*?)</h1>", RegexOptions.IgnoreCase)]
    private static partial Regex HomeNameRegex();
}
