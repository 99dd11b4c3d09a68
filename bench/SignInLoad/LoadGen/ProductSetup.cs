using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace BlazorAuth.Bench.LoadGen;

/// <summary>
/// Gets a running BlazorAuth ready through its documented HTTP contract only: the seeded administrator signs in
/// through the /signin form, <c>PUT /api/plugins/auth-dingtalk</c> switches the plugin on, and
/// <c>POST /api/authenticators</c> adds a DingTalk authenticator with auto sign-up whose client the fake knows.
/// Prints LOGIN_PATH=... for the load runs.
/// </summary>
public static partial class ProductSetup
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string? fallback = null) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1]
            : fallback ?? throw new ArgumentException($"{name} is required");
        var baseUri = new Uri(Arg("--base").TrimEnd('/') + "/");
        var name = Arg("--name", "bench");
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUri };

        var page = await client.GetStringAsync("signin");
        var form = FormRegex().Matches(page).Select(m => m.Value).FirstOrDefault(f => f.Contains("type=\"password\"", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("no password form on /signin");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputRegex().Matches(form))
        {
            var tag = input.Value;
            if (Attribute(tag, "name") is not { } field) continue;
            switch ((Attribute(tag, "type") ?? "text").ToLowerInvariant())
            {
                case "hidden": fields.Add(new(field, Attribute(tag, "value") ?? "")); break;
                case "password": fields.Add(new(field, Arg("--admin-password"))); break;
                case "text" or "email": fields.Add(new(field, Arg("--admin-email"))); break;
            }
        }
        var action = Attribute(form, "action") is { Length: > 0 } a ? a.TrimStart('/') : "signin";
        using var signIn = await client.PostAsync(action, new FormUrlEncodedContent(fields));
        if (signIn.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.SeeOther))
            throw new InvalidOperationException($"admin sign-in answered {(int)signIn.StatusCode}");

        using var plugin = await client.PutAsJsonAsync("api/plugins/auth-dingtalk", new { enabled = true });
        await EnsureAsync(plugin, "PUT /api/plugins/auth-dingtalk");
        using var created = await client.PostAsJsonAsync("api/authenticators", new
        {
            name,
            type = "dingtalk",
            title = "DingTalk bench",
            enabled = true,
            options = new { clientId = "bench-client", clientSecret = "bench-secret", autoSignup = true },
        });
        if (created.StatusCode != HttpStatusCode.Conflict) await EnsureAsync(created, "POST /api/authenticators");
        Console.WriteLine($"LOGIN_PATH=/auth/dingtalk/{Uri.EscapeDataString(name)}/login?returnUrl=%2F");
        return 0;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $@"\b{name}=""([^""]*)""", RegexOptions.IgnoreCase) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex(@"<form\b[\s\S]*?</form>", RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();
}
