using System.Security.Claims;
using BlazorAuth.Components.Layout;
using BlazorAuth.Features.Users;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace BlazorAuth.Tests.Components;

public sealed class UserMenuTests : BunitHost
{
    private readonly BunitAuthorizationContext auth;

    public UserMenuTests()
    {
        auth = Context.AddAuthorization();
    }

    [Fact]
    public void Shows_the_signed_in_users_display_name()
    {
        auth.SetAuthorized("ada");
        auth.SetClaims(new Claim(AppClaimTypes.DisplayName, "Ada Lovelace"));
        Context.Render<MudPopoverProvider>();

        var menu = Context.Render<UserMenu>();

        Assert.Equal("Ada Lovelace", menu.Find(".user-name").TextContent.Trim());
    }

    [Fact]
    public void Falls_back_to_the_user_name_without_a_display_name()
    {
        auth.SetAuthorized("grace");
        Context.Render<MudPopoverProvider>();

        var menu = Context.Render<UserMenu>();

        Assert.Equal("grace", menu.Find(".user-name").TextContent.Trim());
    }

    [Fact]
    public void Shows_nothing_to_an_anonymous_visitor()
    {
        auth.SetNotAuthorized();
        Context.Render<MudPopoverProvider>();

        var menu = Context.Render<UserMenu>();

        Assert.Empty(menu.FindAll(".user-name"));
    }

    [Fact]
    public void Opened_menu_offers_sign_out_as_a_post_form()
    {
        auth.SetAuthorized("ada");
        auth.SetClaims(new Claim(AppClaimTypes.DisplayName, "Ada Lovelace"));
        var popovers = Context.Render<MudPopoverProvider>();
        var menu = Context.Render<UserMenu>();

        menu.Find(".mud-menu-activator").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        var form = popovers.WaitForElement("form[action='/signout']");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Contains("Sign out", form.TextContent, StringComparison.Ordinal);
    }
}
