using System.Text.RegularExpressions;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Localization;

/// <summary>
/// A small, honest scanner: user-visible English written straight into markup or into messages that reach a
/// person (validation, snackbars, problem details) bypasses the localizer and fails this test.
/// </summary>
public sealed partial class LiteralTextScannerTests
{
    /// <summary>Literals that are not language: product and protocol names.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "DOCTYPE", "html", "BlazorAuth",
    };

    private static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(RepoPaths.App, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void Razor_markup_holds_no_literal_text()
    {
        var findings = SourceFiles("*.razor").SelectMany(f => FindInRazor(File.ReadAllText(f)).Select(hit => $"{Path.GetRelativePath(RepoPaths.App, f)}: {hit}")).ToList();
        Assert.True(findings.Count == 0, "Literal text bypasses IStringLocalizer:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void User_facing_messages_in_code_go_through_the_localizer()
    {
        var findings = new List<string>();
        foreach (var file in SourceFiles("*.cs").Concat(SourceFiles("*.razor")))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (UserFacingCall().IsMatch(lines[i]) && SentenceLiteral().Match(lines[i]) is { Success: true } literal)
                {
                    findings.Add($"{Path.GetRelativePath(RepoPaths.App, file)}:{i + 1}: {literal.Value}");
                }
            }
        }

        Assert.True(findings.Count == 0, "User-facing messages must come from resources:\n" + string.Join('\n', findings));
    }

    [Theory]
    [InlineData("<p>Welcome back</p>")]
    [InlineData("<MudButton aria-label=\"Copy link\" />")]
    [InlineData("<MudTextField Label=\"Client ID\" />")]
    [InlineData("@if (x) { <span>Saved</span> }")]
    public void The_scanner_catches_literal_text(string razor) => Assert.NotEmpty(FindInRazor(razor));

    [Theory]
    [InlineData("<p>@L[\"Welcome\"]</p>")]
    [InlineData("<MudTextField Label=\"@L[\"ClientId\"]\" InputId=\"client-id\" />")]
    [InlineData("@if (error is not null) { <div role=\"alert\">@error</div> }")]
    [InlineData("<td>@string.Join(\", \", roles.Select(r => Title(L, r)))</td>")]
    [InlineData("@if (a) { <p>@x</p> } else if (missing) { <p>@y</p> }")]
    public void The_scanner_lets_localized_markup_pass(string razor) => Assert.Empty(FindInRazor(razor));

    internal static IEnumerable<string> FindInRazor(string razor)
    {
        var markup = razor.Split("@code", 2)[0];
        markup = RazorComment().Replace(markup, " ");
        markup = StyleOrScript().Replace(markup, " ");
        markup = Directive().Replace(markup, " ");

        foreach (Match attribute in TextAttribute().Matches(markup))
        {
            if (Words(attribute.Groups[2].Value).Any())
            {
                yield return attribute.Value;
            }
        }

        var text = Tag().Replace(markup, "\n");
        text = RazorExpression().Replace(text, " ");
        foreach (var line in text.Split('\n'))
        {
            var words = Words(line).ToList();
            if (words.Count > 0)
            {
                yield return line.Trim();
            }
        }
    }

    private static IEnumerable<string> Words(string text) =>
        Word().Matches(text).Select(m => m.Value).Where(w => !Allowed.Contains(w) && w is not ("else" or "if" or "foreach" or "var" or "in"));

    [GeneratedRegex(@"@\*[\s\S]*?\*@")]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"<(style|script)[\s\S]*?</\1>", RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    [GeneratedRegex(@"\b(aria-label|title|placeholder|alt|Label|Text|HelperText|ErrorText|AdornmentAriaLabel|Title)=""([^""@][^""]*)""")]
    private static partial Regex TextAttribute();

    [GeneratedRegex(@"<(""[^""]*""|'[^']*'|[^'"">])*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\s*@(page|using|inject|attribute|layout|inherits|implements|rendermode|namespace|typeparam)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    // @(…), @name.chain[…](…), @if/@foreach/… and "else if" headers, braces and else; (…) nests to any depth.
    [GeneratedRegex(@"@(?:if|foreach|for|while|switch|using)\s*(?<p>\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\))|\belse\s+if\s*\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\)|@\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\)|@[A-Za-z_][\w.]*(?:\[[^\]]*\]|\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\))*|\belse\b|[{}]")]
    private static partial Regex RazorExpression();

    [GeneratedRegex(@"[A-Za-z]{2,}")]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(WithMessage|Snackbar\.Add|ValidationProblem|Problem|AddModelError|ShowMessageBox)\b|errors?\[[^\]]+\]\s*=|detail:")]
    private static partial Regex UserFacingCall();

    // A string literal that reads like a sentence: letters, a space, more letters.
    [GeneratedRegex(@"(?<![\w$])""[A-Z][a-z]+ [^""{}]*[a-z][^""]*""")]
    private static partial Regex SentenceLiteral();
}
