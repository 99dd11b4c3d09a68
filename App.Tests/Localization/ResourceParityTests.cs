using System.Text.RegularExpressions;
using System.Xml.Linq;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Localization;

public sealed partial class ResourceParityTests
{
    public static readonly string[] Cultures = ["zh-CN", "nl-NL"];

    public static IReadOnlyList<string> Files { get; } =
    [
        .. Directory.EnumerateFiles(RepoPaths.App, "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.') < 0)
            .Select(f => Path.GetRelativePath(RepoPaths.App, f))
            .Order(StringComparer.Ordinal),
    ];

    public static IEnumerable<object[]> NeutralResources() => Files.Select(f => new object[] { f });

    [Fact]
    public void Every_feature_has_text_resources()
    {
        Assert.True(Files.Count >= 8, "The resource scan found too few .resx files; is the App folder where the test looks?");
    }

    [Theory]
    [MemberData(nameof(NeutralResources))]
    public void Every_culture_has_every_key_with_a_translation(string neutral)
    {
        var english = Read(Path.Combine(RepoPaths.App, neutral));
        Assert.NotEmpty(english);
        foreach (var culture in Cultures)
        {
            var path = Path.Combine(RepoPaths.App, Path.ChangeExtension(neutral, null) + $".{culture}.resx");
            Assert.True(File.Exists(path), $"{neutral} has no {culture} sibling.");
            var translated = Read(path);
            Assert.Equal(english.Keys.Order(StringComparer.Ordinal), translated.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, value) in translated)
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{culture} {neutral}: '{key}' is empty.");
                Assert.Equal(Placeholders(english[key]), Placeholders(value));
            }
        }
    }

    [Fact]
    public void English_resources_have_no_empty_text()
    {
        foreach (var neutral in Files)
        {
            foreach (var (key, value) in Read(Path.Combine(RepoPaths.App, neutral)))
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{neutral}: '{key}' is empty.");
            }
        }
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string[] Placeholders(string text) =>
        [.. PlaceholderRegex().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderRegex();
}
