using System.Net;
using System.Text.Json.Nodes;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Account;

/// <summary>Starting a DingTalk link counts against the external sign-in limit, like starting a DingTalk sign-in.</summary>
public sealed class LinkRateLimitTests : IDisposable
{
    private readonly TestApp app = new(settings: new Dictionary<string, string?>
    {
        ["RateLimiting:ExternalSignIn:PermitLimit"] = "2",
        ["RateLimiting:ExternalSignIn:Window"] = "01:00:00",
        ["DingTalk:Sandbox:Enabled"] = "true",
        ["DingTalk:Sandbox:Apps:0:ClientId"] = AccountAppFixture.ClientId,
        ["DingTalk:Sandbox:Apps:0:ClientSecret"] = AccountAppFixture.ClientSecret,
    });

    [Fact]
    public async Task Too_many_link_attempts_are_refused_with_429()
    {
        // Set up through the services, so that no admin action uses up anything.
        await app.WithScopeAsync(async services =>
        {
            var plugins = await services.GetRequiredService<PluginService>().SetEnabledAsync(AuthenticatorTestData.DingTalkPlugin, true);
            Assert.True(plugins.Succeeded);
            var created = await services.GetRequiredService<AuthenticatorStore>().CreateAsync(new AuthenticatorInput(
                "limited", "dingtalk", "Limited DingTalk", null, true,
                new JsonObject { ["clientId"] = AccountAppFixture.ClientId, ["clientSecret"] = AccountAppFixture.ClientSecret, ["autoSignup"] = true }));
            Assert.True(created.Succeeded);
            return true;
        });
        await app.CreateUserAsync("lara", AccountAppFixture.Password, "Lara Limit");
        using var browser = app.CreateBrowser();
        using (await browser.SignInAsync("lara", AccountAppFixture.Password))
        {
        }

        using var first = await browser.PostAccountFormAsync(AccountSteps.LinkAction("limited"));
        using var second = await browser.PostAccountFormAsync(AccountSteps.LinkAction("limited"));
        using var third = await browser.PostAccountFormAsync(AccountSteps.LinkAction("limited"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }
}
