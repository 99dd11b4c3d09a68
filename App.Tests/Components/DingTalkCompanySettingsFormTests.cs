using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using Bunit;

namespace BlazorAuth.Tests.Components;

/// <summary>The company settings in the DingTalk form: their labels, their defaults, and what typing in them saves.</summary>
public sealed class DingTalkCompanySettingsFormTests : BunitHost
{
    private readonly DingTalkAuthenticatorOptions options = new();

    private IRenderedComponent<DingTalkSettingsForm> RenderForm(IReadOnlyDictionary<string, string[]>? errors = null) =>
        Context.Render<DingTalkSettingsForm>(p => p
            .Add(f => f.Options, options)
            .Add(f => f.Context, new AuthenticatorFormContext("corp", true, [], errors ?? new Dictionary<string, string[]>(), new Uri("https://auth.example.com/"))));

    [Fact]
    public void Shows_each_company_setting_with_its_label_and_todays_behaviour_as_default()
    {
        var form = RenderForm();

        Assert.Equal("Allowed organisations (corpId)", form.Find("label[for='dingtalk-allowed-corp-ids']").TextContent.Trim());
        Assert.Equal("", form.Find("#dingtalk-allowed-corp-ids").TextContent);
        Assert.Equal("Match existing users by", form.Find("#dingtalk-match-by-label").TextContent.Trim());
        Assert.True(form.Find("[data-testid=dingtalk-match-by-mobile]").HasAttribute("checked"));
        Assert.Equal("Update name and avatar at each sign-in", form.Find("[data-testid=dingtalk-update-profile]").Closest("label")!.TextContent.Trim());
        Assert.False(form.Find("[data-testid=dingtalk-update-profile]").HasAttribute("checked"));
        Assert.Contains("overwrites names and avatars that administrators edited", form.Find("[data-testid=dingtalk-update-profile-warning]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Show on the sign-in page", form.Find("[data-testid=dingtalk-show-button]").Closest("label")!.TextContent.Trim());
        Assert.True(form.Find("[data-testid=dingtalk-show-button]").HasAttribute("checked"));
        Assert.Contains("/auth/dingtalk/corp/login still works", form.Markup, StringComparison.Ordinal);
        Assert.Equal("Button icon", form.Find("#dingtalk-button-icon-label").TextContent.Trim());
        Assert.True(form.Find("[data-testid=dingtalk-button-icon-dingtalk]").HasAttribute("checked"));
        Assert.Equal("Go straight to DingTalk", form.Find("[data-testid=dingtalk-auto-redirect]").Closest("label")!.TextContent.Trim());
        Assert.False(form.Find("[data-testid=dingtalk-auto-redirect]").HasAttribute("checked"));
    }

    [Fact]
    public void CorpIds_typed_one_per_line_reach_the_options_as_a_list()
    {
        var form = RenderForm();

        form.Find("#dingtalk-allowed-corp-ids").Change("dingacme\n  dingglobex \n\n");

        Assert.Equal(["dingacme", "dingglobex"], options.AllowedCorpIds);
    }

    [Fact]
    public void Switches_and_choices_reach_the_options_the_drawer_saves()
    {
        var form = RenderForm();

        form.Find("[data-testid=dingtalk-update-profile]").Change(true);
        form.Find("[data-testid=dingtalk-show-button]").Change(false);
        form.Find("[data-testid=dingtalk-auto-redirect]").Change(true);
        form.Find("[data-testid=dingtalk-match-by-none]").Click();
        form.Find("[data-testid=dingtalk-button-icon-none]").Click();

        Assert.True(options.UpdateProfile);
        Assert.False(options.ShowButton);
        Assert.True(options.AutoRedirect);
        Assert.Equal("none", options.MatchBy);
        Assert.Equal("none", options.ButtonIcon);
    }

    [Fact]
    public void Shows_the_validators_message_under_the_allowed_organisations()
    {
        var form = RenderForm(new Dictionary<string, string[]> { ["options.allowedCorpIds"] = ["The corpId \"dingacme\" is listed twice."] });

        Assert.Equal("The corpId \"dingacme\" is listed twice.", form.Find("#dingtalk-allowed-corp-ids").ErrorUnder());
    }
}
