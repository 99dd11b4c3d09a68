using BlazorAuth.Components.Layout;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Components;

public sealed class AdminNavTests : BunitHost
{
    [Theory]
    [InlineData("/admin/plugins", "Plugins")]
    [InlineData("/admin/authenticators", "Authentication")]
    [InlineData("/admin/users", "Users")]
    public void Navigation_links_to_each_console_section_with_its_text(string href, string text)
    {
        var nav = Context.Render<AdminNav>();

        var link = Assert.Single(nav.FindAll("a"), a => a.GetAttribute("href") == href);
        Assert.Equal(text, link.TextContent.Trim());
    }

    [Fact]
    public void Navigation_has_an_accessible_name()
    {
        var nav = Context.Render<AdminNav>();

        Assert.Contains("aria-label=\"Admin navigation\"", nav.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin", "/admin")]
    [InlineData("/admin/users", "/admin/users")]
    [InlineData("/admin/users/u-1?tab=sessions", "/admin/users")]
    [InlineData("/admin/authenticators", "/admin/authenticators")]
    public void The_current_section_is_the_one_marked_current(string location, string current)
    {
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo(location);
        var nav = Context.Render<AdminNav>();

        var marked = Assert.Single(nav.FindAll("a[aria-current=page]"));
        Assert.Equal(current, marked.GetAttribute("href"));
        Assert.Contains("active", marked.ClassList);
    }

    [Fact]
    public void Moving_to_another_section_moves_the_mark()
    {
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/admin/plugins");
        var nav = Context.Render<AdminNav>();

        navigation.NavigateTo("/admin/audit");

        nav.WaitForAssertion(() => Assert.Equal("/admin/audit", Assert.Single(nav.FindAll("a.active")).GetAttribute("href")));
    }
}
