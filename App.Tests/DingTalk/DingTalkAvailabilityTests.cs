using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>
/// An authenticator that is disabled, deleted or whose plugin is off: its login and callback URLs explain that it is not
/// available and sign nobody in, even mid-way through a sign-in, and never through another DingTalk authenticator.
/// </summary>
public sealed class DingTalkAvailabilityTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private const string UnavailableMessage = "This sign-in method is not available. Choose another one below.";

    [Fact]
    public async Task A_disabled_authenticator_signs_nobody_in()
    {
        var gone = DingTalkApp.NewName("disabled");
        var other = DingTalkApp.NewName("still-on");
        await dingTalk.Admin.AddAuthenticatorAsync(gone);
        await dingTalk.Admin.AddAuthenticatorAsync(other);
        var person = dingTalk.AddSandboxUser($"Person {gone}");
        using var browser = dingTalk.App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(gone, person);

        await dingTalk.Admin.EditAuthenticatorAsync(gone, enabled: false);

        await AssertUnavailableAsync(dingTalk, browser, gone, callback, person);
        await AssertOfferedAsync(dingTalk, gone, offered: false);
        await AssertOfferedAsync(dingTalk, other, offered: true);
        Assert.Empty(await dingTalk.App.BindingsOfAsync(other));
    }

    [Fact]
    public async Task A_deleted_authenticator_signs_nobody_in()
    {
        var gone = DingTalkApp.NewName("deleted");
        var other = DingTalkApp.NewName("kept");
        await dingTalk.Admin.AddAuthenticatorAsync(gone);
        await dingTalk.Admin.AddAuthenticatorAsync(other);
        var person = dingTalk.AddSandboxUser($"Person {gone}");
        using var browser = dingTalk.App.CreateBrowser();
        var callback = await browser.AuthorizeWithDingTalkAsync(gone, person);

        await dingTalk.Admin.DeleteAuthenticatorAsync(gone);

        await AssertUnavailableAsync(dingTalk, browser, gone, callback, person);
        await AssertOfferedAsync(dingTalk, gone, offered: false);
        await AssertOfferedAsync(dingTalk, other, offered: true);
        Assert.Empty(await dingTalk.App.BindingsOfAsync(other));
    }

    [Fact]
    public async Task An_authenticator_whose_plugin_is_inactive_signs_nobody_in()
    {
        var app = await DingTalkApp.StartAsync();
        try
        {
            var name = DingTalkApp.NewName("plugin-off");
            await app.Admin.AddAuthenticatorAsync(name);
            var person = app.AddSandboxUser($"Person {name}");
            using var browser = app.App.CreateBrowser();
            var callback = await browser.AuthorizeWithDingTalkAsync(name, person);

            await app.Admin.SetPluginActiveAsync(false);

            await AssertUnavailableAsync(app, browser, name, callback, person);
            await AssertOfferedAsync(app, name, offered: false);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task AssertUnavailableAsync(DingTalkApp app, BrowserClient browser, string name, string callback, SandboxUser person)
    {
        var tokenRequests = app.Sandbox.TokenRequests;
        var expected = $"/signin?authenticator={name}&error={SignInErrors.AuthenticatorUnavailable}";

        using (var login = await browser.GetAsync(DingTalkBrowser.LoginUrl(name)))
        {
            Assert.Equal(expected, login.RedirectTarget());
        }

        Assert.Equal(UnavailableMessage, await browser.SignInErrorShownAsync(expected));
        Assert.Equal(expected, await browser.FollowCallbackAsync(callback));
        Assert.False(browser.HasSessionCookie());
        Assert.Equal(tokenRequests, app.Sandbox.TokenRequests);
        Assert.Empty(await app.App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Empty(await app.App.BindingsForUnionIdAsync(person.UnionId));
    }

    private static async Task AssertOfferedAsync(DingTalkApp app, string name, bool offered)
    {
        using var visitor = app.App.CreateBrowser();
        var (_, html) = await visitor.GetPageAsync("/signin");
        Assert.Equal(offered, html.Contains($"href=\"{DingTalkBrowser.LoginUrl(name)}\"", StringComparison.Ordinal));
    }
}
