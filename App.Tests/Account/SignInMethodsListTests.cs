using BlazorAuth.Features.Account;
using BlazorAuth.Tests.Components;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Account;

/// <summary>The "Ways to sign in" list of /account, rendered on its own.</summary>
public sealed class SignInMethodsListTests : BunitHost
{
    public SignInMethodsListTests()
    {
        Context.Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
    }

    private static readonly AccountBinding Acme =
        new("acme", "Acme DingTalk", "Li Si", new DateTime(2025, 3, 2, 9, 30, 0, DateTimeKind.Utc), Usable: true);

    [Fact]
    public void Lists_the_password_each_binding_with_an_unlink_form_and_each_linkable_authenticator_with_a_link_form()
    {
        var list = Context.Render<SignInMethodsList>(p => p
            .Add(c => c.HasPassword, true)
            .Add(c => c.Bindings, [Acme])
            .Add(c => c.Linkable, [new LinkableAuthenticator("beta", "Beta DingTalk", "/account/link/dingtalk/beta")]));

        var rows = list.FindAll("li");
        Assert.Equal(["password", "binding", "linkable"], rows.Select(r => r.GetAttribute("data-method")));

        Assert.Contains("Password", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Set", list.Find("[data-testid=password-state]").TextContent);
        Assert.Equal("/account/password", rows[0].QuerySelector("a")!.GetAttribute("href"));

        Assert.Contains("Acme DingTalk", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Account: Li Si", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Last sign-in: 2025-03-02 09:30 (UTC)", rows[1].TextContent, StringComparison.Ordinal);
        AssertPostForm(rows[1], "/account/unlink/acme", "Unlink", "Unlink Acme DingTalk");

        Assert.Contains("Beta DingTalk", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Not linked", rows[2].TextContent, StringComparison.Ordinal);
        AssertPostForm(rows[2], "/account/link/dingtalk/beta", "Link", "Link Beta DingTalk");
    }

    [Fact]
    public void Without_a_password_one_can_be_set_and_an_unavailable_binding_says_so()
    {
        var list = Context.Render<SignInMethodsList>(p => p
            .Add(c => c.HasPassword, false)
            .Add(c => c.Bindings, [Acme with { Nick = null, Usable = false }]));

        Assert.Equal("Not set", list.Find("[data-testid=password-state]").TextContent);
        var setPassword = list.Find("li[data-method=password] a");
        Assert.Equal("/account/password", setPassword.GetAttribute("href"));
        Assert.Equal("Set a password", setPassword.TextContent.Trim());
        var binding = list.Find("li[data-method=binding]");
        Assert.DoesNotContain("Account:", binding.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not available for sign-in right now", binding.TextContent, StringComparison.Ordinal);
        Assert.Empty(list.FindAll("li[data-method=linkable]"));
    }

    private static void AssertPostForm(AngleSharp.Dom.IElement row, string action, string label, string ariaLabel)
    {
        var form = row.QuerySelector("form")!;
        Assert.Equal(action, form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(FixedAntiforgery.Token, form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")?.GetAttribute("value"));
        var button = form.QuerySelector("button[type=submit]")!;
        Assert.Equal(label, button.TextContent.Trim());
        Assert.Equal(ariaLabel, button.GetAttribute("aria-label"));
    }

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public const string Token = "test-antiforgery-token";

        public override AntiforgeryRequestToken GetAntiforgeryToken() => new(Token, "__RequestVerificationToken");
    }
}
