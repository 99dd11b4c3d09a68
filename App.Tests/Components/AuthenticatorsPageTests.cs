using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Tests.Support;
using Bunit;
using MudBlazor;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Components;

/// <summary>The authenticators page rendered by bunit against the app's real store, plugin service and SQLite file.</summary>
public sealed class AuthenticatorsPageTests : AppServicesBunitHost
{
    private IRenderedComponent<MudPopoverProvider> popovers = null!;
    private IRenderedComponent<MudSnackbarProvider> snackbars = null!;
    private IRenderedComponent<MudDialogProvider> dialogs = null!;

    public override Task InitializeAsync()
    {
        popovers = Context.Render<MudPopoverProvider>();
        snackbars = Context.Render<MudSnackbarProvider>();
        dialogs = Context.Render<MudDialogProvider>();
        return Task.CompletedTask;
    }

    private AuthenticatorStore Store => Service<AuthenticatorStore>();

    private async Task SetDingTalkAsync(bool active) => Assert.True((await Service<PluginService>().SetEnabledAsync(DingTalkPlugin, active)).Succeeded);

    private async Task CreateAsync(string name, string type, bool enabled = true, string? title = null, string? description = null)
    {
        var options = type == "dingtalk" ? new JsonObject { ["clientId"] = "cid", ["clientSecret"] = "secret-of-" + name } : [];
        var result = await Store.CreateAsync(new AuthenticatorInput(name, type, title, description, enabled, options));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? [result.Message ?? ""]));
    }

    private IRenderedComponent<AuthenticatorsPage> RenderPage()
    {
        var page = Context.Render<AuthenticatorsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr.authenticator-row")));
        return page;
    }

    private static string[] RowNames(IRenderedComponent<AuthenticatorsPage> page) =>
        [.. page.FindAll("tr.authenticator-row [data-testid=authenticator-name]").Select(n => n.TextContent.Trim())];

    private static IElement Row(IRenderedComponent<AuthenticatorsPage> page, string name) =>
        page.FindAll("tr.authenticator-row").Single(r => r.QuerySelector("[data-testid=authenticator-name]")!.TextContent.Trim() == name);

    private static string Cell(IElement row, string column) => row.QuerySelector($"td[data-label='{column}']")!.TextContent.Trim();

    private string[] AddNewMenu(IRenderedComponent<AuthenticatorsPage> page)
    {
        page.Find("[data-testid=add-new] button.mud-menu-button-activator").Click();
        return [.. MenuItems(page).Select(i => i.TextContent.Trim())];
    }

    /// <summary>The items of this page's open "Add new" menu (MudBlazor renders them in the popover provider).</summary>
    private IReadOnlyList<IElement> MenuItems(IRenderedComponent<AuthenticatorsPage> page) => popovers.WaitForElements(MenuItemSelector(page));

    private static string MenuItemSelector(IRenderedComponent<AuthenticatorsPage> page)
    {
        var popover = page.Find("[data-testid=add-new] .mud-popover-cascading-value").Id!.Replace("popover-", "popovercontent-", StringComparison.Ordinal);
        return $"#{popover}.mud-popover-open .mud-menu-item";
    }

    /// <summary>Clicks an item of the open "Add new" menu once it is there, in one turn of the renderer (the popover re-renders on its own schedule).</summary>
    private async Task ChooseFromAddNewAsync(IRenderedComponent<AuthenticatorsPage> page, string item)
    {
        var selector = MenuItemSelector(page);
        popovers.WaitForElements(selector);
        await popovers.ClickAsync(() => popovers.FindAll(selector).Single(i => i.TextContent.Trim() == item));
    }

    [Fact]
    public async Task Lists_authenticators_in_sort_order_under_the_expected_columns()
    {
        await SetDingTalkAsync(true);
        await CreateAsync("dt-corp", "dingtalk", title: "Corp DingTalk", description: "For staff");
        await CreateAsync("pw-staff", "password", enabled: false);
        await Store.MoveAsync("pw-staff", before: "basic");

        var page = RenderPage();

        Assert.Equal(
            ["Auth UID", "Auth Type", "Title", "Description", "Enabled", "Actions"],
            page.FindAll("thead th").Select(th => th.TextContent.Trim()).Where(t => t.Length > 0 && t != "Select all rows"));
        Assert.Equal(["pw-staff", "basic", "dt-corp"], RowNames(page));
        var dingTalk = Row(page, "dt-corp");
        Assert.Equal("DingTalk", Cell(dingTalk, "Auth Type"));
        Assert.Equal("Corp DingTalk", Cell(dingTalk, "Title"));
        Assert.Equal("For staff", Cell(dingTalk, "Description"));
        Assert.Equal("true", dingTalk.QuerySelector("input[aria-label='Enabled: dt-corp']")!.GetAttribute("aria-checked"));
        Assert.Equal("false", Row(page, "pw-staff").QuerySelector("input[aria-label='Enabled: pw-staff']")!.GetAttribute("aria-checked"));
        Assert.Equal("Password", Cell(Row(page, "basic"), "Auth Type"));
        Assert.NotNull(dingTalk.QuerySelector("button[aria-label='Configure dt-corp']"));
        Assert.NotNull(dingTalk.QuerySelector("button[aria-label='Delete dt-corp']"));
    }

    [Fact]
    public async Task Up_and_down_buttons_reorder_the_rows_and_the_stored_order()
    {
        await CreateAsync("pw-two", "password");
        await CreateAsync("pw-three", "password");
        var page = RenderPage();
        Assert.True(page.Find("button[aria-label='Move basic up']").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Move pw-three down']").HasAttribute("disabled"));

        page.Find("button[aria-label='Move basic down']").Click();
        page.WaitForAssertion(() => Assert.Equal(["pw-two", "basic", "pw-three"], RowNames(page)));

        page.Find("button[aria-label='Move pw-three up']").Click();
        page.WaitForAssertion(() => Assert.Equal(["pw-two", "pw-three", "basic"], RowNames(page)));

        Assert.Equal(["pw-two", "pw-three", "basic"], (await Store.ListAsync()).Select(a => a.Name));
    }

    [Fact]
    public async Task Add_new_offers_DingTalk_only_while_its_plugin_is_active()
    {
        Assert.Equal(["Password"], AddNewMenu(RenderPage()));

        await SetDingTalkAsync(true);
        Assert.Equal(["Password", "DingTalk"], AddNewMenu(RenderPage()));

        await SetDingTalkAsync(false);
        Assert.Equal(["Password"], AddNewMenu(RenderPage()));
    }

    [Fact]
    public async Task DingTalk_authenticators_of_an_inactive_plugin_stay_listed_and_are_marked()
    {
        await SetDingTalkAsync(true);
        await CreateAsync("dt-corp", "dingtalk");
        await SetDingTalkAsync(false);

        var page = RenderPage();

        Assert.Equal(["basic", "dt-corp"], RowNames(page));
        Assert.Contains("Plugin inactive", Cell(Row(page, "dt-corp"), "Auth Type"), StringComparison.Ordinal);
        Assert.DoesNotContain("Plugin inactive", Cell(Row(page, "basic"), "Auth Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_DingTalk_opens_an_add_new_drawer_with_a_random_s_uid_and_defaults()
    {
        await SetDingTalkAsync(true);
        var page = RenderPage();
        AddNewMenu(page);

        await ChooseFromAddNewAsync(page, "DingTalk");

        var name = page.WaitForElement("#authenticator-name").GetAttribute("value")!;
        Assert.Matches("^s_[a-z0-9]{8}$", name);
        Assert.Equal("Add new", page.Find("#authenticator-drawer-title").TextContent.Trim());
        Assert.Equal("DingTalk", page.Find("#authenticator-type").GetAttribute("value"));
        Assert.False(page.Find("[data-testid=authenticator-enabled]").HasAttribute("checked"));
        Assert.True(page.Find("[data-testid=dingtalk-autosignup]").HasAttribute("checked"));
        Assert.Equal($"http://localhost/auth/dingtalk/{name}/callback", page.Find("#dingtalk-redirect-url").GetAttribute("value"));
    }

    [Fact]
    public async Task Adding_through_the_drawer_saves_and_lists_the_new_authenticator()
    {
        await SetDingTalkAsync(true);
        var page = RenderPage();
        AddNewMenu(page);
        await ChooseFromAddNewAsync(page, "DingTalk");

        page.WaitForElement("#authenticator-name").Input("dt-added");
        page.Find("#authenticator-title").Change("Added via drawer");
        page.Find("#dingtalk-client-id").Change("added-client");
        page.Find("#dingtalk-client-secret").Change("added-secret");
        page.Find("[data-testid=authenticator-enabled]").Change(true);
        await page.ClickButtonAsync(".drawer-actions", "Submit");

        page.WaitForAssertion(() => Assert.Equal(["basic", "dt-added"], RowNames(page)));
        snackbars.WaitForAssertion(() => Assert.Contains("dt-added saved.", snackbars.Markup, StringComparison.Ordinal));
        var saved = (await Store.GetAsync("dt-added"))!;
        Assert.True(saved.Enabled);
        Assert.Equal("Added via drawer", saved.Title);
        Assert.Equal("added-client", saved.Options["clientId"]!.GetValue<string>());
        Assert.Equal("added-secret", App.Services.GetRequiredService<AuthenticatorSecrets>().Unprotect((await App.AuthenticatorRowAsync("dt-added"))!.ProtectedSecrets)["clientSecret"]);
    }

    [Fact]
    public async Task Enabled_switch_saves_at_once()
    {
        await CreateAsync("pw-two", "password");
        var page = RenderPage();

        page.Find("input[aria-label='Enabled: pw-two']").Change(false);

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("input[aria-label='Enabled: pw-two']").GetAttribute("aria-checked")));
        Assert.False((await Store.GetAsync("pw-two"))!.Enabled);
    }

    [Fact]
    public async Task Switching_off_the_last_enabled_authenticator_shows_the_refusal_and_keeps_it_on()
    {
        var page = RenderPage();

        page.Find("input[aria-label='Enabled: basic']").Change(false);

        snackbars.WaitForAssertion(() => Assert.Contains(KeepOneEnabled, snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("input[aria-label='Enabled: basic']").GetAttribute("aria-checked")));
        Assert.True((await Store.GetAsync("basic"))!.Enabled);
    }

    [Fact]
    public async Task Delete_asks_for_confirmation_and_cancel_keeps_the_row()
    {
        await CreateAsync("pw-two", "password");
        var page = RenderPage();

        page.Find("button[aria-label='Delete pw-two']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete pw-two?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.ClickButtonAsync(".mud-dialog", "Cancel");

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Equal(["basic", "pw-two"], RowNames(page));
        Assert.NotNull(await Store.GetAsync("pw-two"));
    }

    [Fact]
    public async Task Delete_confirmed_removes_the_row()
    {
        await CreateAsync("pw-two", "password");
        var page = RenderPage();

        page.Find("button[aria-label='Delete pw-two']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete pw-two?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.ClickButtonAsync(".mud-dialog", "Delete");

        page.WaitForAssertion(() => Assert.Equal(["basic"], RowNames(page)));
        Assert.Null(await Store.GetAsync("pw-two"));
    }

    [Fact]
    public async Task Bulk_delete_removes_every_selected_row_after_one_confirmation()
    {
        await CreateAsync("pw-two", "password");
        await CreateAsync("pw-three", "password");
        var page = RenderPage();

        Row(page, "pw-two").QuerySelector("input.mud-checkbox-input")!.Change(true);
        Row(page, "pw-three").QuerySelector("input.mud-checkbox-input")!.Change(true);
        page.WaitForAssertion(() => Assert.Equal("Delete (2)", page.Find("[data-testid=bulk-delete]").TextContent.Trim()));
        page.Find("[data-testid=bulk-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete pw-two, pw-three?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.ClickButtonAsync(".mud-dialog", "Delete");

        page.WaitForAssertion(() => Assert.Equal(["basic"], RowNames(page)));
        Assert.Equal(["basic"], (await Store.ListAsync()).Select(a => a.Name));
    }
}
