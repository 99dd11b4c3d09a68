using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using Bunit;
using MudBlazor;

namespace BlazorAuth.Tests.Components;

public sealed class DingTalkSettingsFormTests : BunitHost
{
    private static readonly Uri BaseUrl = new("https://auth.example.com/sso/");

    private readonly DingTalkAuthenticatorOptions options = new();

    private IRenderedComponent<DingTalkSettingsForm> RenderForm(
        string name = "corp", IReadOnlyDictionary<string, string[]>? errors = null, IReadOnlyCollection<string>? secretsSet = null) =>
        Context.Render<DingTalkSettingsForm>(p => p
            .Add(f => f.Options, options)
            .Add(f => f.Context, new AuthenticatorFormContext(name, secretsSet is null, secretsSet ?? [], errors ?? new Dictionary<string, string[]>(), BaseUrl)));


    [Fact]
    public void Shows_the_fields_with_the_NocoBase_labels_and_auto_signup_on_by_default()
    {
        var form = RenderForm();

        Assert.Equal("Client ID", form.Find("label[for='dingtalk-client-id']").TextContent.Trim());
        Assert.Equal("Client Secret", form.Find("label[for='dingtalk-client-secret']").TextContent.Trim());
        Assert.Equal("Redirect URL", form.Find("label[for='dingtalk-redirect-url']").TextContent.Trim());
        var autoSignup = form.Find("[data-testid=dingtalk-autosignup]");
        Assert.Equal("Sign up automatically when the user does not exist", autoSignup.Closest("label")!.TextContent.Trim());
        Assert.True(autoSignup.HasAttribute("checked"));
        Assert.True(form.Find("#dingtalk-redirect-url").HasAttribute("readonly"));
        Assert.Equal("password", form.Find("#dingtalk-client-secret").GetAttribute("type"));
    }

    [Fact]
    public void Shows_the_validation_messages_passed_in_through_its_context()
    {
        var form = RenderForm(errors: new Dictionary<string, string[]>
        {
            ["options.clientId"] = ["Client ID is required."],
            ["options.clientSecret"] = ["Client Secret is required."],
        });

        Assert.Equal("Client ID is required.", form.Find("#dingtalk-client-id").ErrorUnder());
        Assert.Equal("Client Secret is required.", form.Find("#dingtalk-client-secret").ErrorUnder());
        Assert.Equal("true", form.Find("#dingtalk-client-id").GetAttribute("aria-invalid"));
        Assert.Null(form.Find("#dingtalk-redirect-url").ErrorUnder());
    }

    [Fact]
    public void Shows_no_errors_without_any_in_its_context()
    {
        var form = RenderForm();

        Assert.Empty(form.FindAll(".mud-input-error"));
        Assert.Equal("false", form.Find("#dingtalk-client-id").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Redirect_url_is_the_public_base_url_plus_the_callback_path_of_the_auth_uid()
    {
        var form = RenderForm("corp-dt_1");

        Assert.Equal("https://auth.example.com/sso/auth/dingtalk/corp-dt_1/callback", form.Find("#dingtalk-redirect-url").GetAttribute("value"));
    }

    [Fact]
    public void Copy_button_copies_the_redirect_url_and_says_copied()
    {
        var copy = Context.JSInterop.SetupVoid("blazorAuth.copyText", _ => true);
        copy.SetVoidResult();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var form = RenderForm("corp");

        form.Find("button[aria-label='Copy the Redirect URL']").Click();

        var invocation = Context.JSInterop.VerifyInvoke("blazorAuth.copyText");
        Assert.Equal(["https://auth.example.com/sso/auth/dingtalk/corp/callback"], invocation.Arguments);
        snackbars.WaitForAssertion(() => Assert.Contains("Copied", snackbars.Find(".mud-snackbar").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Copy_button_is_reachable_by_keyboard()
    {
        var form = RenderForm("corp");

        var copy = form.Find("button[aria-label='Copy the Redirect URL']");

        Assert.NotEqual("-1", copy.GetAttribute("tabindex"));
        Assert.False(copy.HasAttribute("disabled"));
    }

    [Fact]
    public void With_a_stored_secret_the_field_is_optional_and_says_a_secret_is_set()
    {
        var form = RenderForm(secretsSet: ["clientSecret"]);

        var secret = form.Find("#dingtalk-client-secret");
        Assert.False(secret.HasAttribute("required"));
        Assert.Equal("A secret is set. Leave this blank to keep it, or type a new one to replace it.", secret.HelperUnder());
    }

    [Fact]
    public void Without_a_stored_secret_the_field_is_required()
    {
        var form = RenderForm();

        Assert.True(form.Find("#dingtalk-client-secret").HasAttribute("required"));
        Assert.DoesNotContain("A secret is set", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_values_reach_the_options_the_drawer_saves()
    {
        var form = RenderForm();

        form.Find("#dingtalk-client-id").Change("typed-client");
        form.Find("#dingtalk-client-secret").Change("typed-secret");
        form.Find("[data-testid=dingtalk-autosignup]").Change(false);

        Assert.Equal("typed-client", options.ClientId);
        Assert.Equal("typed-secret", options.ClientSecret);
        Assert.False(options.AutoSignup);
    }
}
