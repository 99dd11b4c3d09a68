using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>What the browser is sent to DingTalk with, read from the real login endpoint's redirect.</summary>
public sealed class DingTalkAuthorizeRequestTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    [Fact]
    public async Task The_login_URL_sends_the_browser_to_DingTalks_authorize_page_with_every_required_parameter()
    {
        var name = DingTalkApp.NewName("authorize");
        var view = await dingTalk.Admin.AddAuthenticatorAsync(name);
        using var browser = dingTalk.App.CreateBrowser();

        using var login = await browser.GetAsync(DingTalkBrowser.LoginUrl(name));

        var location = login.Headers.Location!;
        Assert.Equal(new Uri(dingTalk.App.BaseAddress, SandboxEndpoints.BasePath + "/oauth2/auth"), new Uri(location.GetLeftPart(UriPartial.Path)));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(DingTalkApp.ClientId, query["client_id"].ToString());
        Assert.Equal(view.RedirectUrl, query["redirect_uri"].ToString());
        Assert.Equal(new Uri(dingTalk.App.BaseAddress, $"auth/dingtalk/{name}/callback").AbsoluteUri, view.RedirectUrl);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("openid", query["scope"].ToString());
        Assert.Equal("consent", query["prompt"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"].ToString()));
        Assert.False(query.ContainsKey("client_secret"));
        Assert.DoesNotContain(DingTalkApp.ClientSecret, location.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_sign_in_gets_its_own_state()
    {
        var name = DingTalkApp.NewName("states");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        using var browser = dingTalk.App.CreateBrowser();

        using var first = await browser.GetAsync(DingTalkBrowser.LoginUrl(name));
        using var second = await browser.GetAsync(DingTalkBrowser.LoginUrl(name));

        Assert.NotEqual(
            QueryHelpers.ParseQuery(first.Headers.Location!.Query)["state"].ToString(),
            QueryHelpers.ParseQuery(second.Headers.Location!.Query)["state"].ToString());
    }

    [Fact]
    public async Task Behind_a_configured_public_address_the_redirect_uri_still_equals_the_Redirect_URL_the_admin_sees()
    {
        var app = await DingTalkApp.StartAsync(new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://auth.example.com/" });
        try
        {
            var view = await app.Admin.AddAuthenticatorAsync("behind-proxy");
            using var browser = app.App.CreateBrowser();

            using var login = await browser.GetAsync(DingTalkBrowser.LoginUrl("behind-proxy"));

            Assert.Equal("https://auth.example.com/auth/dingtalk/behind-proxy/callback", view.RedirectUrl);
            Assert.Equal(view.RedirectUrl, QueryHelpers.ParseQuery(login.Headers.Location!.Query)["redirect_uri"].ToString());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
