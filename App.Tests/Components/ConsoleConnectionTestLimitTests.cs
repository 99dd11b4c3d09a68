using System.Security.Claims;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Tests.Support;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlazorAuth.Tests.Components;

/// <summary>The drawer's "Test connection" against the sandbox over real HTTP, with the connection-test limit set to two.</summary>
public sealed class ConsoleConnectionTestLimitTests : BunitHost
{
    private DingTalkApp dingTalk = null!;
    private AsyncServiceScope scope;
    private BunitAuthorizationContext auth = null!;

    public override async Task InitializeAsync()
    {
        dingTalk = await DingTalkApp.StartAsync(new Dictionary<string, string?> { ["RateLimiting:ConnectionTest:PermitLimit"] = "2" });
        scope = dingTalk.App.Services.CreateAsyncScope();
        Context.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        auth = Context.AddAuthorization();
        Context.Render<MudPopoverProvider>();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await scope.DisposeAsync();
        await dingTalk.DisposeAsync();
    }

    private IRenderedComponent<AuthenticatorDrawer> DrawerOf(string adminId)
    {
        auth.SetAuthorized(adminId);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, adminId));
        var drawer = Context.Render<AuthenticatorDrawer>(p => p
            .Add(d => d.Open, true)
            .Add(d => d.Type, scope.ServiceProvider.GetRequiredService<PluginCatalog>().FindType(DingTalkPlugin.TypeName)));
        drawer.Find("#dingtalk-client-id").Change(DingTalkApp.ClientId);
        drawer.Find("#dingtalk-client-secret").Change(DingTalkApp.ClientSecret);
        return drawer;
    }

    private static async Task<string> TestAsync(IRenderedComponent<AuthenticatorDrawer> drawer)
    {
        await drawer.ClickAsync(() => drawer.Find("[data-testid=dingtalk-test-connection]"));
        return drawer.WaitForElement("[data-testid=dingtalk-test-result]").TextContent.Trim();
    }

    [Fact]
    public async Task Past_the_limit_the_console_says_so_and_DingTalk_is_not_asked()
    {
        var drawer = DrawerOf("admin-one");

        Assert.Equal("DingTalk accepted the Client ID and Client Secret.", await TestAsync(drawer));
        Assert.Equal("DingTalk accepted the Client ID and Client Secret.", await TestAsync(drawer));
        var third = await TestAsync(drawer);

        Assert.Matches(@"^Too many connection tests\. Try again in \d+ s\.$", third);
        Assert.Contains("mud-alert-text-error", drawer.Find("[data-testid=dingtalk-test-result]").ClassName, StringComparison.Ordinal);
        Assert.Equal(2, dingTalk.Sandbox.AppTokenRequests);
    }

    [Fact]
    public async Task One_administrator_using_up_the_limit_leaves_another_theirs()
    {
        var first = DrawerOf("admin-busy");
        await TestAsync(first);
        await TestAsync(first);
        Assert.StartsWith("Too many connection tests.", await TestAsync(first), StringComparison.Ordinal);

        var second = DrawerOf("admin-other");

        Assert.Equal("DingTalk accepted the Client ID and Client Secret.", await TestAsync(second));
        Assert.Equal(3, dingTalk.Sandbox.AppTokenRequests);
    }
}
