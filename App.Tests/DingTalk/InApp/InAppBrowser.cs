using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlazorAuth.Features.DingTalk.InApp;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk.InApp;

/// <summary>/signin as DingTalk's client shows it, and the in-app form the page's script would post.</summary>
public sealed partial record InAppPage(HttpStatusCode Status, string Html)
{
    public bool StartsInApp => FormRegex().IsMatch(Html);

    public bool HasScript => Html.Contains("<script", StringComparison.OrdinalIgnoreCase);

    private Match Form => FormRegex().Match(Html) is { Success: true } m ? m : throw new Xunit.Sdk.XunitException("The page starts no in-app sign-in.");

    public string Action => WebUtility.HtmlDecode(Attribute(Form.Groups[1].Value, "action"));

    public string CorpId => WebUtility.HtmlDecode(Attribute(Form.Groups[1].Value, "data-corp-id"));

    public string ClientId => WebUtility.HtmlDecode(Attribute(Form.Groups[1].Value, "data-client-id"));

    public string Token => WebUtility.HtmlDecode(TokenRegex().Match(Form.Value).Groups[1].Value);

    public string? ReturnUrl => ReturnUrlRegex().Match(Form.Value) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public IReadOnlyList<string> ScriptSources => [.. ScriptRegex().Matches(Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static string Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{Regex.Escape(name)}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"The in-app form has no {name}.");

    [GeneratedRegex("<form([^>]*id=\"dingtalk-inapp\"[^>]*)>[\\s\\S]*?</form>", RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex TokenRegex();

    [GeneratedRegex("name=\"returnUrl\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ReturnUrlRegex();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptRegex();
}

/// <summary>What the page's script and DingTalk's client do, step by step over real HTTP against the sandbox.</summary>
public static class InAppBrowser
{
    public const string DingTalkUserAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 AliApp(DingTalk/7.6.0) com.alibaba.android.rimet/0 Channel/227200 language/zh-CN";

    /// <summary>A browser tab inside DingTalk's client: every request says DingTalk in its user agent.</summary>
    public static BrowserClient CreateDingTalkBrowser(this TestApp app)
    {
        var browser = app.CreateBrowser();
        Assert.True(browser.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", DingTalkUserAgent));
        return browser;
    }

    public static async Task<InAppPage> OpenSignInAsync(this BrowserClient browser, string query)
    {
        using var response = await browser.GetAsync("/signin" + query);
        return new InAppPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The micro app opened from DingTalk's workbench: the home URL with the organisation filled in.</summary>
    public static Task<InAppPage> OpenMicroAppAsync(this BrowserClient browser, string corpId, string? returnUrl = null) =>
        browser.OpenSignInAsync($"?corpId={Uri.EscapeDataString(corpId)}" + (returnUrl is null ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}"));

    /// <summary>dd.requestAuthCode: the code DingTalk's client hands the page for <paramref name="user"/>, from the sandbox.</summary>
    public static async Task<string> RequestAuthCodeAsync(this TestApp app, SandboxUser user, string corpId, string clientId)
    {
        using var client = app.CreateBrowser();
        using var open = await client.GetAsync($"{SandboxEndpoints.BasePath}{SandboxInApp.AppPath}/open?user={Uri.EscapeDataString(user.UnionId)}&corpId={Uri.EscapeDataString(corpId)}");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        using var response = await client.Http.PostAsJsonAsync(SandboxEndpoints.BasePath + SandboxInApp.CodePath, new { corpId, clientId });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, $"The sandbox gave no code: {body}");
        return body!["code"]!.GetValue<string>();
    }

    /// <summary>What the page's script does with the code: posts the page's in-app form. Answers where the app sends the browser.</summary>
    public static async Task<string> PostInAppAsync(this BrowserClient browser, InAppPage page, string code, string? action = null)
    {
        var fields = new Dictionary<string, string> { ["code"] = code, ["__RequestVerificationToken"] = page.Token };
        if (page.ReturnUrl is { } returnUrl)
        {
            fields["returnUrl"] = returnUrl;
        }

        using var response = await browser.Http.PostAsync(action ?? page.Action, new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"The in-app post answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        }

        return response.RedirectTarget();
    }

    /// <summary>The whole automatic sign-in, as the micro app runs it inside DingTalk; answers where the person lands.</summary>
    public static async Task<string> SignInInsideDingTalkAsync(this BrowserClient browser, TestApp app, SandboxUser user, string corpId, string? returnUrl = null)
    {
        var page = await browser.OpenMicroAppAsync(corpId, returnUrl);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.StartsInApp, "Inside DingTalk, on the micro app's home URL, /signin should start the in-app sign-in.");
        return await browser.PostInAppAsync(page, await app.RequestAuthCodeAsync(user, page.CorpId, page.ClientId));
    }

    /// <summary>An authenticator's options with the in-app sign-in on for <paramref name="corpId"/>.</summary>
    public static JsonObject InApp(string corpId, bool on = true, params string[] allowedCorpIds) => new()
    {
        ["inAppSignIn"] = on,
        ["inAppCorpId"] = corpId,
        ["allowedCorpIds"] = new JsonArray([.. allowedCorpIds.Select(id => (JsonNode)JsonValue.Create(id))]),
    };
}
