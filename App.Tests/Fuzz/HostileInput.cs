using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BlazorAuth.Tests.Fuzz;

/// <summary>
/// Generated hostile values from one seeded <see cref="Random"/>, so a failing case is found again by its number.
/// Strings mix what breaks parsers and headers: Unicode of every plane, lone surrogates, NUL and control characters,
/// path tricks, very long values and the app's own vocabulary.
/// </summary>
public sealed class HostileInput(int seed)
{
    private static readonly string[] Words =
    [
        "", " ", "/", "//", "\\\\", "/\\\\evil.example", "//evil.example", "https://evil.example/", "javascript:alert(1)",
        "/%C3%A9", "/é", "/用户", "/a😀", "\u0000", "\r\n", "\t", "%00", "%0d%0a", "..", "../../etc/passwd", "~/", "~//x",
        "null", "true", "0", "-1", "1e309", "NaN", "[]", "{}", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:x}",
        "admin", "basic", "dingtalk", "password", "Admin", "zh-CN", "nl-NL", "en-US", "xx-XX", "\u202Eevil", "\uFEFF",
        "consent_denied", "state_invalid", "user_not_found", "Contact.User.Read", "openid corpid",
    ];

    private readonly Random random = new(seed);

    public int Next(int max) => random.Next(max);

    public bool Chance(double p) => random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A hostile string, sometimes very long (up to <paramref name="maxLong"/> characters).</summary>
    public string String(int maxLong = 5_000)
    {
        return random.Next(10) switch
        {
            0 or 1 or 2 => Pick(Words),
            3 => new string(Pick(Words) is { Length: > 0 } w ? w[0] : 'x', random.Next(1, maxLong)),
            4 => RandomChars(random.Next(1, 64), unicode: true),
            5 => RandomChars(random.Next(1, 32), unicode: false),
            6 => Pick(Words) + RandomChars(random.Next(1, 8), unicode: true) + Pick(Words),
            7 => "/" + RandomChars(random.Next(0, 40), unicode: random.Next(2) == 0),
            8 => random.Next(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture),
            _ => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pick(Words))),
        };
    }

    /// <summary>A random JSON value, with the given property names more likely than random ones.</summary>
    public JsonNode? Json(IReadOnlyList<string> names, int depth = 0)
    {
        if (depth > 3 && random.Next(3) > 0)
        {
            return Scalar();
        }

        return random.Next(8) switch
        {
            0 => Scalar(),
            1 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => Json(names, depth + 1))]),
            2 when random.Next(4) == 0 => Deep(random.Next(10, 200)),
            _ => Object(names, depth),
        };
    }

    public JsonObject Object(IReadOnlyList<string> names, int depth = 0)
    {
        var json = new JsonObject();
        foreach (var name in names)
        {
            if (random.Next(3) > 0)
            {
                json[name] = random.Next(3) == 0 ? Json(names, depth + 1) : Scalar();
            }
        }

        for (var i = random.Next(0, 3); i > 0; i--)
        {
            json[WellFormed(String(40))] = Scalar();
        }

        return json;
    }

    /// <summary>A JSON text: mostly well-formed, sometimes truncated, duplicated or not JSON at all.</summary>
    public string JsonText(IReadOnlyList<string> names)
    {
        var text = (random.Next(4) == 0 ? Json(names) : Object(names))?.ToJsonString() ?? "null";
        return random.Next(12) switch
        {
            0 => text[..random.Next(text.Length + 1)],
            1 => text + text,
            2 => String(),
            3 => "{\"" + Pick(names.Count > 0 ? names : ["x"]) + "\":" + String(20) + "}",
            4 => "{\"" + Pick(names.Count > 0 ? names : ["x"]) + "\":\"\\ud800\\u0000x\"}",
            _ => text,
        };
    }

    private JsonNode? Scalar() => random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next()),
        3 => JsonValue.Create(random.NextDouble() * double.MaxValue),
        4 => JsonValue.Create(long.MinValue + random.Next()),
        _ => JsonValue.Create(WellFormed(String())),
    };

    /// <summary>JSON text cannot carry a lone surrogate as a character; <see cref="JsonText"/> sends it as an escape instead.</summary>
    private static string WellFormed(string text) =>
        text.Any(char.IsSurrogate) ? new string([.. text.Select((c, i) => char.IsSurrogate(c) && !IsPaired(text, i) ? '\uFFFD' : c)]) : text;

    private static bool IsPaired(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : i > 0 && char.IsHighSurrogate(text[i - 1]);

    private static JsonNode Deep(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonObject { ["a"] = node };
        }

        return node;
    }

    private string RandomChars(int length, bool unicode)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(unicode
                ? random.Next(6) switch
                {
                    0 => (char)random.Next(0, 0x20),
                    1 => (char)random.Next(0xD800, 0xE000),
                    2 => (char)random.Next(0x4E00, 0x9FFF),
                    3 => (char)random.Next(0x80, 0x800),
                    _ => (char)random.Next(0x20, 0x7F),
                }
                : (char)random.Next(0x20, 0x7F));
        }

        return builder.ToString();
    }
}
