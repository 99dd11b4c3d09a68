using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Tests.Support;
using Bunit;
using MudBlazor;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Components;

/// <summary>The add/configure drawer with the DingTalk settings form inside, saving through the app's real store.</summary>
public sealed class AuthenticatorDrawerTests : AppServicesBunitHost
{
    private AuthenticatorView? saved;
    private bool? openChangedTo;

    public override async Task InitializeAsync()
    {
        Context.Render<MudPopoverProvider>();
        Assert.True((await Service<PluginService>().SetEnabledAsync(DingTalkPlugin, true)).Succeeded);
    }

    private AuthenticatorStore Store => Service<AuthenticatorStore>();

    private AuthTypeDefinition DingTalkType => Service<PluginCatalog>().FindType("dingtalk")!;

    private IRenderedComponent<AuthenticatorDrawer> RenderDrawer(AuthenticatorView? existing = null) =>
        Context.Render<AuthenticatorDrawer>(p => p
            .Add(d => d.Open, true)
            .Add(d => d.Type, DingTalkType)
            .Add(d => d.Existing, existing)
            .Add(d => d.OnSaved, view => saved = view)
            .Add(d => d.OpenChanged, open => openChangedTo = open));

    private static Task SubmitAsync(IRenderedComponent<AuthenticatorDrawer> drawer) => drawer.ClickButtonAsync(".drawer-actions", "Submit");

    private static string RedirectUrl(IRenderedComponent<AuthenticatorDrawer> drawer) => drawer.Find("#dingtalk-redirect-url").GetAttribute("value")!;

    private static string? ErrorUnder(IRenderedComponent<AuthenticatorDrawer> drawer, string inputId) => drawer.Find($"#{inputId}").ErrorUnder();

    private async Task<AuthenticatorView> CreateDingTalkAsync(string name, string secret)
    {
        var result = await Store.CreateAsync(new AuthenticatorInput(name, "dingtalk", "Corp", null, true,
            new JsonObject { ["clientId"] = "old-client", ["clientSecret"] = secret, ["autoSignup"] = true }));
        Assert.True(result.Succeeded);
        return result.Value!;
    }

    private async Task<string> StoredSecretAsync(string name) => App.Services.GetRequiredService<AuthenticatorSecrets>().Unprotect((await App.AuthenticatorRowAsync(name))!.ProtectedSecrets)["clientSecret"];

    [Fact]
    public void Every_field_has_its_label_tied_to_its_input()
    {
        var drawer = RenderDrawer();

        foreach (var (id, label) in new[]
        {
            ("authenticator-name", "Auth UID"),
            ("authenticator-type", "Auth Type"),
            ("authenticator-title", "Title"),
            ("authenticator-description", "Description"),
            ("dingtalk-client-id", "Client ID"),
            ("dingtalk-client-secret", "Client Secret"),
            ("dingtalk-redirect-url", "Redirect URL"),
        })
        {
            Assert.Equal(label, drawer.Find($"label[for='{id}']").TextContent.Trim());
            Assert.NotNull(drawer.Find($"#{id}"));
        }

        Assert.Equal("Enabled", drawer.Find("[data-testid=authenticator-enabled]").Closest("label")!.TextContent.Trim());
        Assert.Equal("Sign up automatically when the user does not exist",
            drawer.Find("[data-testid=dingtalk-autosignup]").Closest("label")!.TextContent.Trim());
    }

    [Fact]
    public void Redirect_url_follows_the_auth_uid_as_it_is_typed()
    {
        var drawer = RenderDrawer();
        var generated = drawer.Find("#authenticator-name").GetAttribute("value");
        Assert.Equal($"http://localhost/auth/dingtalk/{generated}/callback", RedirectUrl(drawer));

        drawer.Find("#authenticator-name").Input("corp");
        drawer.WaitForAssertion(() => Assert.Equal("http://localhost/auth/dingtalk/corp/callback", RedirectUrl(drawer)));

        drawer.Find("#authenticator-name").Input("corp-dingtalk_2");
        drawer.WaitForAssertion(() => Assert.Equal("http://localhost/auth/dingtalk/corp-dingtalk_2/callback", RedirectUrl(drawer)));
    }

    [Fact]
    public async Task Submit_shows_the_servers_validation_errors_inline_and_saves_nothing()
    {
        var drawer = RenderDrawer();
        drawer.Find("#authenticator-name").Input("bad name");

        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal("Client ID is required.", ErrorUnder(drawer, "dingtalk-client-id")));
        Assert.Equal("Client Secret is required.", ErrorUnder(drawer, "dingtalk-client-secret"));
        Assert.Equal("Auth UID may contain only letters, digits, \"_\" and \"-\".", ErrorUnder(drawer, "authenticator-name"));
        Assert.Null(ErrorUnder(drawer, "authenticator-title"));
        Assert.Null(saved);
        Assert.Null(openChangedTo);
        Assert.Equal(["basic"], (await Store.ListAsync()).Select(a => a.Name));
    }

    [Fact]
    public async Task Errors_update_as_the_auth_uid_is_corrected_after_a_failed_submit()
    {
        await CreateDingTalkAsync("taken", "s1");
        var drawer = RenderDrawer();
        drawer.Find("#authenticator-name").Input("taken");
        await SubmitAsync(drawer);
        drawer.WaitForAssertion(() => Assert.Equal("Another authenticator already uses this Auth UID.", ErrorUnder(drawer, "authenticator-name")));

        drawer.Find("#authenticator-name").Input("free");

        drawer.WaitForAssertion(() => Assert.Null(ErrorUnder(drawer, "authenticator-name")));
    }

    [Fact]
    public async Task Submit_with_valid_fields_creates_the_authenticator_and_closes()
    {
        var drawer = RenderDrawer();
        drawer.Find("#authenticator-name").Input("dt-new");
        drawer.Find("#dingtalk-client-id").Change("new-client");
        drawer.Find("#dingtalk-client-secret").Change("new-secret");

        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(false, openChangedTo));
        Assert.Equal("dt-new", saved?.Name);
        Assert.DoesNotContain("new-secret", saved!.Options.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("new-secret", await StoredSecretAsync("dt-new"));
        Assert.False(saved.Enabled);
    }

    [Fact]
    public async Task Configure_shows_a_read_only_uid_a_blank_secret_and_that_a_secret_is_set()
    {
        var existing = await CreateDingTalkAsync("dt-corp", "corp-secret");

        var drawer = RenderDrawer(existing);

        Assert.Equal("Configure", drawer.Find("#authenticator-drawer-title").TextContent.Trim());
        Assert.True(drawer.Find("#authenticator-name").HasAttribute("readonly"));
        Assert.Equal("dt-corp", drawer.Find("#authenticator-name").GetAttribute("value"));
        Assert.Equal("old-client", drawer.Find("#dingtalk-client-id").GetAttribute("value"));
        var secret = drawer.Find("#dingtalk-client-secret");
        Assert.True(string.IsNullOrEmpty(secret.GetAttribute("value")));
        Assert.Equal("password", secret.GetAttribute("type"));
        Assert.False(secret.HasAttribute("required"));
        Assert.StartsWith("A secret is set.", secret.HelperUnder(), StringComparison.Ordinal);
        Assert.DoesNotContain("corp-secret", drawer.Markup, StringComparison.Ordinal);
        Assert.Equal("http://localhost/auth/dingtalk/dt-corp/callback", RedirectUrl(drawer));
    }

    [Fact]
    public async Task A_refused_save_never_puts_the_stored_secret_into_the_form()
    {
        var existing = await CreateDingTalkAsync("dt-refused", "refused-secret-77");
        var drawer = RenderDrawer(existing);

        drawer.Find("#dingtalk-client-id").Change("");
        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal("Client ID is required.", ErrorUnder(drawer, "dingtalk-client-id")));
        Assert.Null(saved);
        Assert.DoesNotContain("refused-secret-77", drawer.Markup, StringComparison.Ordinal);
        Assert.Equal("refused-secret-77", await StoredSecretAsync("dt-refused"));
    }

    [Fact]
    public async Task Configure_with_the_secret_left_blank_keeps_the_stored_secret()
    {
        var existing = await CreateDingTalkAsync("dt-corp", "corp-secret");
        var drawer = RenderDrawer(existing);

        drawer.Find("#dingtalk-client-id").Change("new-client");
        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(false, openChangedTo));
        Assert.Equal("new-client", saved!.Options["clientId"]!.GetValue<string>());
        Assert.Equal("corp-secret", await StoredSecretAsync("dt-corp"));
        Assert.Equal(["clientSecret"], saved.SecretsSet);
    }

    [Fact]
    public async Task Configure_with_the_secret_typed_and_cleared_again_keeps_the_stored_secret()
    {
        var existing = await CreateDingTalkAsync("dt-corp", "corp-secret");
        var drawer = RenderDrawer(existing);

        drawer.Find("#dingtalk-client-secret").Change("second-thoughts");
        drawer.Find("#dingtalk-client-secret").Change("");
        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(false, openChangedTo));
        Assert.Null(drawer.Find("#dingtalk-client-secret").ErrorUnder());
        Assert.Equal("corp-secret", await StoredSecretAsync("dt-corp"));
    }

    [Fact]
    public async Task Configure_with_a_new_secret_replaces_the_stored_secret()
    {
        var existing = await CreateDingTalkAsync("dt-corp", "corp-secret");
        var drawer = RenderDrawer(existing);

        drawer.Find("#dingtalk-client-secret").Change("rotated-secret");
        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(false, openChangedTo));
        Assert.Equal("rotated-secret", await StoredSecretAsync("dt-corp"));
    }

    [Fact]
    public async Task Configure_that_would_disable_the_last_usable_authenticator_shows_the_refusal()
    {
        var existing = await CreateDingTalkAsync("dt-corp", "corp-secret");
        await App.BindAsync(await App.UserIdAsync(TestApp.AdminEmail), "dt-corp", "union-admin");
        Assert.True((await Store.SetEnabledAsync("basic", false)).Succeeded);
        var drawer = RenderDrawer(existing);

        drawer.Find("[data-testid=authenticator-enabled]").Change(false);
        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(KeepOneEnabled, drawer.Find("[role=alert]").TextContent.Trim()));
        Assert.Null(openChangedTo);
        Assert.True((await Store.GetAsync("dt-corp"))!.Enabled);
    }

    [Fact]
    public async Task Cancel_closes_without_saving()
    {
        var drawer = RenderDrawer();
        drawer.Find("#dingtalk-client-id").Change("abandoned");

        await drawer.ClickButtonAsync(".drawer-actions", "Cancel");

        Assert.Equal(false, openChangedTo);
        Assert.Null(saved);
    }
}
