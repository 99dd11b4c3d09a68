using System.Text.RegularExpressions;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>Every HTML answer, portal, console and Development sandbox, carries a CSP whose only inline script is the nonce'd import map.</summary>
public sealed partial class ContentSecurityPolicyTests : IDisposable
{
    private readonly TestApp app = new(settings: DingTalkApp.Settings());

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/admin")]
    [InlineData("/_sandbox/dingtalk/oauth2/auth?client_id=ding-test-client&redirect_uri=x&response_type=code&scope=openid&state=s")]
    [InlineData("/no-such-page")]
    public async Task Html_answers_allow_only_the_apps_own_scripts_and_the_nonced_import_map(string path)
    {
        using var browser = await SignedInAdminAsync();

        using var response = await browser.GetAsync(path);
        var policy = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync();

        foreach (var directive in new[]
        {
            "default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
            "img-src 'self' data: https:", "connect-src 'self'", "form-action 'self'",
        })
        {
            Assert.Contains(directive, policy, StringComparison.Ordinal);
        }

        var scripts = ScriptSrc().Match(policy);
        Assert.True(scripts.Success, policy);
        Assert.DoesNotContain("unsafe-inline", scripts.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", scripts.Value, StringComparison.Ordinal);
        var nonce = Nonce().Match(scripts.Value).Groups[1].Value;
        Assert.NotEmpty(nonce);
        if (html.Contains("type=\"importmap\"", StringComparison.Ordinal))
        {
            Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(InlineScriptWithoutNonce(), html);
    }

    [Theory]
    [InlineData("/signin", "style-src 'self';")]
    [InlineData("/account", "style-src 'self';")]
    [InlineData("/admin", "style-src 'self' 'unsafe-inline';")]
    public async Task Portal_pages_allow_no_inline_styles_and_the_console_only_what_MudBlazor_needs(string path, string styles)
    {
        using var browser = await SignedInAdminAsync();

        using var response = await browser.GetAsync(path);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains(styles, policy + ";", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_may_go_to_the_DingTalk_login_host_the_link_flow_redirects_to()
    {
        using var browser = app.CreateBrowser();

        using var response = await browser.GetAsync("/signin");

        Assert.Contains("form-action 'self' https://login.dingtalk.com", Assert.Single(response.Headers.GetValues("Content-Security-Policy")),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_answer_gets_a_fresh_nonce()
    {
        using var browser = app.CreateBrowser();
        using var first = await browser.GetAsync("/signin");
        using var second = await browser.GetAsync("/signin");

        Assert.NotEqual(
            Nonce().Match(string.Join(",", first.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value,
            Nonce().Match(string.Join(",", second.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value);
    }

    private async Task<BrowserClient> SignedInAdminAsync()
    {
        var browser = app.CreateBrowser();
        using (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword))
        {
        }

        return browser;
    }

    [GeneratedRegex("script-src [^;]*")]
    private static partial Regex ScriptSrc();

    [GeneratedRegex("'nonce-([A-Za-z0-9+/=]+)'")]
    private static partial Regex Nonce();

    // An inline script is a <script> with content; external ones have src and nothing inside.
    [GeneratedRegex("<script(?![^>]*\\bnonce=)(?![^>]*\\bsrc=)[^>]*>\\s*\\S")]
    private static partial Regex InlineScriptWithoutNonce();
}
