using BlazorAuth.Components.Layout;
using Bunit;

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
}
