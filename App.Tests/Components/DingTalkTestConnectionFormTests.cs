using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Tests.Support;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Components;

/// <summary>The form's "Test connection" button, with the app's real services asking the sandbox over real HTTP.</summary>
public sealed class DingTalkTestConnectionFormTests : BunitHost
{
    private readonly DingTalkAuthenticatorOptions options = new() { ClientId = DingTalkApp.ClientId };
    private DingTalkApp dingTalk = null!;
    private AsyncServiceScope scope;

    public override async Task InitializeAsync()
    {
        dingTalk = await DingTalkApp.StartAsync();
        scope = dingTalk.App.Services.CreateAsyncScope();
        Context.Services.AddFallbackServiceProvider(scope.ServiceProvider);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await scope.DisposeAsync();
        await dingTalk.DisposeAsync();
    }

    /// <summary>The form as the drawer gives it: with the app's real connection test for this authenticator's name.</summary>
    private IRenderedComponent<DingTalkSettingsForm> RenderForm(string name = "unsaved", IReadOnlyCollection<string>? secretsSet = null)
    {
        var tests = scope.ServiceProvider.GetRequiredService<AuthenticatorConnectionTests>();
        var type = scope.ServiceProvider.GetRequiredService<PluginCatalog>().FindType(DingTalkPlugin.TypeName)!;
        return Context.Render<DingTalkSettingsForm>(p => p
            .Add(f => f.Options, options)
            .Add(f => f.Context, new AuthenticatorFormContext(name, secretsSet is null, secretsSet ?? [], new Dictionary<string, string[]>(), new Uri("https://auth.example.com/"),
                settings => tests.TestAsync(type, settings, name, CancellationToken.None))));
    }

    private static string ResultAfterClick(IRenderedComponent<DingTalkSettingsForm> form)
    {
        form.Find("[data-testid=dingtalk-test-connection]").Click();
        return form.WaitForElement("[data-testid=dingtalk-test-result]").TextContent.Trim();
    }

    [Fact]
    public void Good_credentials_as_typed_say_DingTalk_accepted_them()
    {
        options.ClientSecret = DingTalkApp.ClientSecret;
        var form = RenderForm();

        Assert.Equal("DingTalk accepted the Client ID and Client Secret.", ResultAfterClick(form));
        Assert.Contains("mud-alert-text-success", form.Find("[data-testid=dingtalk-test-result]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_secret_says_DingTalk_rejected_the_credentials()
    {
        options.ClientSecret = "typed-wrong-secret";
        var form = RenderForm();

        Assert.Equal("DingTalk rejected the Client ID or Client Secret. Copy both again from the DingTalk developer console.", ResultAfterClick(form));
        Assert.Contains("mud-alert-text-error", form.Find("[data-testid=dingtalk-test-result]").ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("typed-wrong-secret", form.Find("[data-testid=dingtalk-test-result]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void DingTalk_down_shows_its_code_and_requestid()
    {
        options.ClientSecret = DingTalkApp.ClientSecret;
        dingTalk.Sandbox.AppTokenFault = SandboxFault.ServerError;
        var form = RenderForm();

        var shown = ResultAfterClick(form);

        Assert.Equal($"DingTalk answered with an error: ServiceUnavailable (requestid {dingTalk.Sandbox.LastRequestId}).", shown);
    }

    [Fact]
    public async Task A_blank_secret_tests_the_stored_one_of_the_authenticator_being_edited()
    {
        var name = DingTalkApp.NewName("form-stored");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        await scope.ServiceProvider.GetRequiredService<AuthenticatorSnapshot>().ReloadAsync();
        var form = RenderForm(name, ["clientSecret"]);

        Assert.Equal("DingTalk accepted the Client ID and Client Secret.", ResultAfterClick(form));
    }

    [Fact]
    public void Without_a_connection_test_from_the_drawer_there_is_no_button()
    {
        var form = Context.Render<DingTalkSettingsForm>(p => p
            .Add(f => f.Options, options)
            .Add(f => f.Context, new AuthenticatorFormContext("x", true, [], new Dictionary<string, string[]>(), new Uri("https://auth.example.com/"))));

        Assert.Empty(form.FindAll("[data-testid=dingtalk-test-connection]"));
    }

    [Fact]
    public void The_form_says_what_the_test_cannot_see()
    {
        var form = RenderForm();

        var limits = form.Find("[data-testid=dingtalk-test-limits]").TextContent;

        Assert.Contains("cannot see whether the Redirect URL is registered", limits, StringComparison.Ordinal);
        Assert.Contains("Contact.User.Read", limits, StringComparison.Ordinal);
        Assert.Contains("Contact.User.mobile", limits, StringComparison.Ordinal);
    }
}
