using System.Globalization;
using Bunit;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Tests.Components;
using Microsoft.AspNetCore.Components;

namespace BlazorAuth.Tests.Localization;

public sealed class DingTalkFormCultureTests : BunitHost
{
    [Theory]
    [InlineData("en-US", "Redirect URL", "Sign up automatically when the user does not exist", "Client Secret")]
    [InlineData("zh-CN", "回调地址", "用户不存在时自动注册", "Client Secret")]
    [InlineData("nl-NL", "Redirect URL", "Automatisch registreren wanneer de gebruiker niet bestaat", "Client Secret")]
    public void DingTalk_form_labels_follow_the_culture(string culture, string redirectUrl, string autoSignup, string clientSecret)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var form = Context.Render<DingTalkSettingsForm>(p => p
                .Add(f => f.Options, new DingTalkAuthenticatorOptions())
                .Add(f => f.Context, new AuthenticatorFormContext("dt", IsNew: true, [], new Dictionary<string, string[]>(), new Uri("http://127.0.0.1:5000/"))));

            string LabelFor(string inputId) => form.Find($"label[for='{inputId}']").TextContent.Trim().TrimEnd('*');
            Assert.Equal("Client ID", LabelFor("dingtalk-client-id"));
            Assert.Equal(clientSecret, LabelFor("dingtalk-client-secret"));
            Assert.Equal(redirectUrl, LabelFor("dingtalk-redirect-url"));
            Assert.Contains(autoSignup, form.Markup, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
