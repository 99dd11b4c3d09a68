using System.Text.RegularExpressions;
using BlazorAuth.Components.Layout;
using BlazorAuth.Tests.Support;
using MudBlazor;
using MudBlazor.Utilities;

namespace BlazorAuth.Tests.Components;

/// <summary>
/// The portal pages load portal.css instead of MudBlazor's stylesheet, yet their markup keeps MudBlazor's class
/// names: a class portal.css does not define would render unstyled, and a theme colour changed in AppTheme alone
/// would leave the portal behind the console.
/// </summary>
public sealed partial class PortalStylesheetTests
{
    /// <summary>The markup of the portal pages, and the sign-in components and switcher they render.</summary>
    private static readonly string[] PortalMarkup =
    [
        "Components/App.razor",
        "Components/StatusContent.razor",
        "Components/Layout/PortalLayout.razor",
        "Components/Pages",
        "Features/SignIn",
        "Features/Account",
        "Features/Password/PasswordSignInForm.razor",
        "Features/DingTalk/DingTalkSignInButton.razor",
        "Infrastructure/Localization/LanguageSwitcher.razor",
    ];

    /// <summary>Classes MudBlazor's own stylesheet gives no rule either: medium is a button's default size.</summary>
    private static readonly HashSet<string> UnstyledInMudBlazor =
    [
        "mud-button-filled-size-medium", "mud-button-outlined-size-medium", "mud-button-text-size-medium",
    ];

    private static string Stylesheet => File.ReadAllText(Path.Combine(RepoPaths.App, "wwwroot", "portal.css"));

    [Fact]
    public void Every_MudBlazor_class_in_portal_markup_has_a_rule_in_the_portal_stylesheet()
    {
        var stylesheet = Stylesheet;
        var used = MarkupFiles().SelectMany(f => ClassAttribute().Matches(File.ReadAllText(f)))
            .SelectMany(m => MudClass().Matches(m.Groups[1].Value).Select(c => c.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("mud-button-root", used);
        var missing = used.Where(c => !UnstyledInMudBlazor.Contains(c) && !Regex.IsMatch(stylesheet, $@"\.{Regex.Escape(c)}(?![\w-])")).Order().ToList();
        Assert.True(missing.Count == 0, "portal.css has no rule for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Portal_stylesheet_uses_the_console_themes_primary_colour_and_fonts()
    {
        var stylesheet = Stylesheet;
        var primary = new MudColor(AppTheme.Theme.PaletteLight.Primary.Value).ToString(MudColorOutputFormats.RGBA);

        Assert.Equal(primary, Variable(stylesheet, "--mud-palette-primary"));
        var fonts = Variable(stylesheet, "--mud-typography-default-family");
        Assert.All(AppTheme.Theme.Typography.Default.FontFamily!, family => Assert.Contains(family, fonts, StringComparison.Ordinal));
    }

    private static string Variable(string stylesheet, string name) =>
        Regex.Match(stylesheet, $@"{Regex.Escape(name)}:\s*([^;]+);") is { Success: true } match
            ? match.Groups[1].Value.Trim()
            : throw new Xunit.Sdk.XunitException($"portal.css does not define {name}.");

    private static IEnumerable<string> MarkupFiles() => PortalMarkup.SelectMany(entry =>
    {
        var path = Path.Combine(RepoPaths.App, entry);
        return Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.razor") : [path];
    });

    [GeneratedRegex(@"class=""([^""]*)""")]
    private static partial Regex ClassAttribute();

    [GeneratedRegex(@"mud-[a-z0-9-]+")]
    private static partial Regex MudClass();
}
