using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Account;

/// <summary>What a person does on /account and at (sandbox) DingTalk, step by step over real HTTP.</summary>
public static class AccountSteps
{
    /// <summary>
    /// Follows a started DingTalk flow the way the browser would: to the sandbox's authorize page, "Confirm" as
    /// <paramref name="unionId"/>, and back to the app's callback. Answers the callback's response (where the app sends the browser).
    /// </summary>
    public static async Task<HttpResponseMessage> FollowDingTalkAsync(this BrowserClient browser, HttpResponseMessage challenge, string unionId)
    {
        var authorize = challenge.Headers.Location;
        Assert.True(
            challenge.StatusCode == HttpStatusCode.Redirect && authorize?.AbsolutePath == SandboxEndpoints.BasePath + "/oauth2/auth",
            $"Expected a redirect to DingTalk but got {(int)challenge.StatusCode} to {authorize}.");
        var page = await browser.Http.GetStringAsync(authorize);
        var confirm = new HtmlParser().ParseDocument(page).QuerySelectorAll("a.sandbox-confirm")
            .Select(a => a.GetAttribute("href")!)
            .Single(href => href.EndsWith("&user=" + Uri.EscapeDataString(unionId), StringComparison.Ordinal));
        using var confirmed = await browser.Http.GetAsync(confirm);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        return await browser.Http.GetAsync(confirmed.Headers.Location);
    }

    /// <summary>Clicks the DingTalk button of <paramref name="authenticator"/> on /signin and confirms as <paramref name="unionId"/>.</summary>
    public static async Task<HttpResponseMessage> SignInWithDingTalkAsync(this BrowserClient browser, string authenticator, string unionId)
    {
        using var challenge = await browser.GetAsync($"/auth/dingtalk/{Uri.EscapeDataString(authenticator)}/login");
        return await browser.FollowDingTalkAsync(challenge, unionId);
    }

    /// <summary>Clicks "Link" for <paramref name="authenticator"/> on /account and confirms at DingTalk as <paramref name="unionId"/>.</summary>
    public static async Task<HttpResponseMessage> LinkDingTalkAsync(this BrowserClient browser, string authenticator, string unionId)
    {
        using var challenge = await browser.PostAccountFormAsync(LinkAction(authenticator));
        return await browser.FollowDingTalkAsync(challenge, unionId);
    }

    /// <summary>Clicks "Unlink" for <paramref name="authenticator"/> on /account.</summary>
    public static Task<HttpResponseMessage> UnlinkAsync(this BrowserClient browser, string authenticator) =>
        browser.PostAccountFormAsync(UnlinkAction(authenticator));

    public static string LinkAction(string authenticator) => $"/account/link/dingtalk/{authenticator}";

    public static string UnlinkAction(string authenticator) => $"/account/unlink/{authenticator}";

    /// <summary>Submits the /account form that posts to <paramref name="action"/>, with that form's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostAccountFormAsync(this BrowserClient browser, string action)
    {
        var html = await browser.Http.GetStringAsync("/account");
        var token = Html.AntiforgeryTokenForAction(html, action);
        return await browser.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Opens <paramref name="path"/> (an /account address) and reads the page as the person sees it.</summary>
    public static async Task<AccountPage> AccountPageAsync(this BrowserClient browser, string path = "/account")
    {
        var (status, html) = await browser.GetPageAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"Expected /account to show, got {(int)status}.");
        return new AccountPage(new HtmlParser().ParseDocument(html));
    }
}

/// <summary>/account as a person reads it.</summary>
public sealed class AccountPage(IDocument document)
{
    public string Name => Text("[data-testid=account-name]")!;

    public string? Email => Text("[data-testid=account-email]");

    public string? Phone => Text("[data-testid=account-phone]");

    public string? Status => Text("[data-testid=account-status]");

    public string? Error => Text("[data-testid=account-error]");

    public string PasswordState => Text("[data-testid=password-state]")!;

    /// <summary>The authenticators the user is bound to, each with its "Unlink" button, in page order.</summary>
    public string[] Bound => Methods("binding");

    /// <summary>The authenticators offered with a "Link" button.</summary>
    public string[] Linkable => Methods("linkable");

    /// <summary>All text of the row of <paramref name="authenticator"/>.</summary>
    public string Row(string authenticator) =>
        Html.Text(document.QuerySelector($"li[data-authenticator='{authenticator}']")?.InnerHtml ?? "");

    public string? ButtonOf(string authenticator) =>
        document.QuerySelector($"li[data-authenticator='{authenticator}'] button")?.TextContent.Trim();

    public string BodyText => Html.Text(document.Body?.InnerHtml ?? "");

    private string[] Methods(string kind) =>
        [.. document.QuerySelectorAll($"li[data-method='{kind}']").Select(li => li.GetAttribute("data-authenticator")!)];

    private string? Text(string selector) => document.QuerySelector(selector)?.TextContent.Trim();
}
