using System.Security.Claims;
using BlazorAuth.Components.Layout;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Components;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace BlazorAuth.Tests.Account;

public sealed class UserMenuAccountLinkTests : BunitHost
{
    [Fact]
    public void The_console_user_menu_leads_to_the_account_page()
    {
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("ada");
        auth.SetClaims(new Claim(AppClaimTypes.DisplayName, "Ada Lovelace"));
        var popovers = Context.Render<MudPopoverProvider>();
        var menu = Context.Render<UserMenu>();

        menu.Find(".mud-menu-activator").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        var item = popovers.WaitForElement("a[href='/account']");
        Assert.Contains("My account", item.TextContent, StringComparison.Ordinal);
    }
}
