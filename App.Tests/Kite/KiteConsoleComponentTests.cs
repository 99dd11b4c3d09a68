using AngleSharp.Dom;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Tests.Components;
using BlazorAuth.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlazorAuth.Tests.Kite;

/// <summary>The console, rendered by bunit against the app with Kite registered: "Add new" and the drawer know Kite from the registry alone.</summary>
public sealed class KiteConsoleComponentTests : BunitHost
{
    private KiteServer kite = null!;
    private TestApp app = null!;
    private AsyncServiceScope scope;
    private IRenderedComponent<MudPopoverProvider> popovers = null!;

    public override async Task InitializeAsync()
    {
        kite = await KiteServer.StartAsync();
        app = new TestApp(services: services => services.AddKite(kite));
        scope = app.Services.CreateAsyncScope();
        Context.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        popovers = Context.Render<MudPopoverProvider>();
    }

    private async Task SetKiteAsync(bool active) =>
        Assert.True((await scope.ServiceProvider.GetRequiredService<PluginService>().SetEnabledAsync(KitePlugin.PluginName, active)).Succeeded);

    private string[] AddNewMenu()
    {
        var page = Context.Render<AuthenticatorsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr.authenticator-row")));
        page.Find("[data-testid=add-new] button.mud-menu-button-activator").Click();
        var popover = page.Find("[data-testid=add-new] .mud-popover-cascading-value").Id!.Replace("popover-", "popovercontent-", StringComparison.Ordinal);
        return [.. popovers.WaitForElements($"#{popover}.mud-popover-open .mud-menu-item").Select(i => i.TextContent.Trim())];
    }

    [Fact]
    public async Task Add_new_offers_Kite_only_while_its_plugin_is_active()
    {
        Assert.DoesNotContain("Kite", AddNewMenu());

        await SetKiteAsync(true);
        Assert.Contains("Kite", AddNewMenu());
    }

    [Fact]
    public async Task The_drawer_shows_Kites_settings_form_and_its_validation_and_saves_a_valid_one()
    {
        await SetKiteAsync(true);
        AuthenticatorView? saved = null;
        var type = scope.ServiceProvider.GetRequiredService<PluginCatalog>().FindType(KitePlugin.TypeName)!;
        var drawer = Context.Render<AuthenticatorDrawer>(p => p
            .Add(d => d.Open, true)
            .Add(d => d.Type, type)
            .Add(d => d.OnSaved, view => saved = view));
        Assert.Equal("Client ID", drawer.Find("label[for='kite-client-id']").TextContent.Trim());
        drawer.Find("#authenticator-name").Input("kite-corp");
        drawer.WaitForAssertion(() => Assert.Equal("http://localhost/auth/kite/kite-corp/callback", drawer.Find("#kite-redirect-url").GetAttribute("value")));

        await SubmitAsync(drawer);
        drawer.WaitForAssertion(() => Assert.Equal("Kite needs a Client ID.", drawer.Find("#kite-client-id").ErrorUnder()));
        Assert.Equal("Kite needs a Client Secret.", drawer.Find("#kite-client-secret").ErrorUnder());
        Assert.Null(saved);

        drawer.Find("#kite-client-id").Change(KiteServer.ClientId);
        drawer.Find("#kite-client-secret").Change(KiteServer.ClientSecret);
        await SubmitAsync(drawer);
        drawer.WaitForAssertion(() => Assert.Equal("kite-corp", saved?.Name));
        Assert.Equal(KitePlugin.TypeName, saved!.Type);
    }

    private static Task SubmitAsync(IRenderedComponent<AuthenticatorDrawer> drawer) => drawer.ClickButtonAsync(".drawer-actions", "Submit");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await scope.DisposeAsync();
        app.Dispose();
        app.Database.Dispose();
        await kite.DisposeAsync();
    }
}
