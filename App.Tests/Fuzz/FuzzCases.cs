using System.Text.Json.Nodes;

namespace BlazorAuth.Tests.Fuzz;

/// <summary>The generated cases of each phase. Same seed, same cases: a failure can be replayed by its number.</summary>
public static class FuzzCases
{
    public const string DingTalkName = "fuzz-dingtalk";

    /// <summary>Every /api route with the property names its body knows.</summary>
    private static readonly (string Method, string Template, string[] Fields)[] ApiRoutes =
    [
        ("GET", "/api/plugins", []),
        ("PUT", "/api/plugins/{name}", ["enabled"]),
        ("GET", "/api/authenticators", []),
        ("GET", "/api/authenticators/{name}", []),
        ("POST", "/api/authenticators", ["name", "type", "title", "description", "enabled", "options", "clientId", "clientSecret", "autoSignup"]),
        ("PUT", "/api/authenticators/{name}", ["name", "type", "title", "description", "enabled", "options", "clientId", "clientSecret", "autoSignup"]),
        ("DELETE", "/api/authenticators/{name}", []),
        ("POST", "/api/authenticators/{name}/move", ["before", "after"]),
        ("POST", "/api/authenticators/test", ["type", "name", "options", "clientId", "clientSecret", "allowedCorpIds", "matchBy", "buttonIcon"]),
        ("POST", "/api/authenticators/{name}/test", []),
        ("GET", "/api/users", []),
        ("GET", "/api/users/{id}", []),
        ("POST", "/api/users", ["displayName", "userName", "email", "phoneNumber", "roles", "password", "generatePassword"]),
        ("PUT", "/api/users/{id}", ["displayName", "userName", "email", "phoneNumber", "roles"]),
        ("POST", "/api/users/{id}/lock", []),
        ("POST", "/api/users/{id}/unlock", []),
        ("POST", "/api/users/{id}/reset-password", []),
        ("DELETE", "/api/users/{id}", []),
        ("DELETE", "/api/users/{id}/bindings/{name}", []),
        ("GET", "/api/users/{id}/sessions", []),
        ("DELETE", "/api/users/{id}/sessions/{name}", []),
        ("DELETE", "/api/users/{id}/sessions", []),
        ("GET", "/api/audit", []),
        ("GET", "/api/audit.csv", []),
        ("GET", "/api/{name}", []),
        ("PATCH", "/api/users/{id}", ["displayName"]),
    ];

    private static readonly string[] CallbackKeys = ["state", "authCode", "code", "error", "error_description", "scope", "returnUrl"];
    private static readonly string[] SignInQueryKeys = ["returnUrl", "authenticator", "error", "scope", "manual"];

    public static List<FuzzCase> Anonymous(int seed, int count)
    {
        var input = new HostileInput(seed);
        var cases = new List<FuzzCase>(count);
        for (var i = 0; i < count; i++)
        {
            cases.Add(input.Next(10) switch
            {
                0 or 1 or 2 => Callback(input, i),
                3 => Login(input, i),
                4 => new FuzzCase(i, FuzzSurface.SignInFlow, HttpMethod.Post, $"/account/link/dingtalk/{Name(input)}",
                    Form: [new("returnUrl", input.String())]),
                5 => new FuzzCase(i, FuzzSurface.Page, HttpMethod.Get, "/signin?" + FuzzUrl.Query(Pairs(input, SignInQueryKeys))),
                6 or 7 => SignInPost(input, i),
                8 => new FuzzCase(i, FuzzSurface.LocalRedirect, HttpMethod.Post, "/culture",
                    Form: [new("culture", input.Chance(0.3) ? input.Pick(["en-US", "zh-CN", "nl-NL"]) : input.String(100)), new("returnUrl", input.String())]),
                _ => Api(input, i, realIds: []),
            });
        }

        return cases;
    }

    public static List<FuzzCase> SignedIn(int seed, int count, IReadOnlyList<string> realIds)
    {
        var input = new HostileInput(seed);
        var cases = new List<FuzzCase>(count);
        for (var i = 0; i < count; i++)
        {
            cases.Add(input.Next(10) switch
            {
                0 => new FuzzCase(i, FuzzSurface.Page, HttpMethod.Post, "/account/password?returnUrl=" + FuzzUrl.Segment(input.String()),
                    Form: [new("_handler", "change-password"), new("Input.CurrentPassword", input.String()), new("Input.NewPassword", input.String()),
                        new("Input.ConfirmPassword", input.String())]),
                1 => new FuzzCase(i, FuzzSurface.Page, HttpMethod.Get, "/account?" + FuzzUrl.Query(Pairs(input, ["status", "error"]))),
                _ => Api(input, i, realIds),
            });
        }

        return cases;
    }

    public static List<FuzzCase> Admin(int seed, int count, IReadOnlyList<string> realIds)
    {
        var input = new HostileInput(seed);
        return [.. Enumerable.Range(0, count).Select(i => Api(input, i, realIds))];
    }

    private static FuzzCase Callback(HostileInput input, int i) =>
        new(i, FuzzSurface.SignInFlow, HttpMethod.Get, $"/auth/dingtalk/{Name(input)}/callback?" + FuzzUrl.Query(Pairs(input, CallbackKeys)));

    private static FuzzCase Login(HostileInput input, int i) =>
        new(i, FuzzSurface.SignInFlow, HttpMethod.Get, $"/auth/dingtalk/{Name(input)}/login?" + FuzzUrl.Query(Pairs(input, ["returnUrl"])));

    private static FuzzCase SignInPost(HostileInput input, int i) =>
        new(i, FuzzSurface.Page, HttpMethod.Post, "/signin?" + FuzzUrl.Query(Pairs(input, ["returnUrl"])), Form:
        [
            new("_handler", input.Chance(0.8) ? "[basic]password-signin" : input.String(100)),
            new("Input.Login", input.String()),
            new("Input.Password", input.String()),
            new("Input.Remember", input.Chance(0.5) ? "true" : input.String(20)),
        ]);

    private static FuzzCase Api(HostileInput input, int i, IReadOnlyList<string> realIds)
    {
        var (method, template, fields) = input.Pick(ApiRoutes);
        var path = template
            .Replace("{name}", input.Chance(0.5) ? input.Pick(["basic", DingTalkName, "auth-dingtalk", "auth-password"]) : FuzzUrl.Segment(input.String(300)), StringComparison.Ordinal)
            .Replace("{id}", realIds.Count > 0 && input.Chance(0.5) ? input.Pick(realIds) : FuzzUrl.Segment(input.String(300)), StringComparison.Ordinal);
        if (method == "GET" && input.Chance(0.5))
        {
            path += "?" + FuzzUrl.Query(Pairs(input, template.StartsWith("/api/audit", StringComparison.Ordinal)
                ? ["from", "to", "type", "result", "userId", "authenticator", "ip", "limit", "cursor"]
                : ["search", "page", "pageSize"]));
        }

        var body = fields.Length > 0 || input.Chance(0.2) ? input.JsonText(fields) : null;
        var contentType = input.Next(10) switch
        {
            0 => null,
            1 => "text/plain",
            2 => "application/json; charset=" + input.Pick(["utf-8", "latin1", "x"]),
            _ => "application/json",
        };
        return new FuzzCase(i, FuzzSurface.Api, new HttpMethod(method), path, body, contentType, ReadsBody: fields.Length > 0 && method != "GET");
    }

    private static string Name(HostileInput input) =>
        input.Chance(0.5) ? DingTalkName : FuzzUrl.Segment(input.String(300));

    private static IEnumerable<KeyValuePair<string, string>> Pairs(HostileInput input, string[] keys)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (var n = input.Next(6); n > 0; n--)
        {
            pairs.Add(new(input.Chance(0.85) ? input.Pick(keys) : input.String(50), input.String()));
        }

        return pairs;
    }

    /// <summary>True when a body is a JSON object whose known fields have the types the API takes: the rule every 2xx must follow.</summary>
    public static bool FollowsTheApisTypes(FuzzCase fuzz)
    {
        if (fuzz.Body is null || !fuzz.ReadsBody)
        {
            return true;
        }

        JsonNode? node;
        try
        {
            // What the server received: StringContent sends a lone surrogate as U+FFFD.
            node = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(fuzz.Body)));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        if (node is not JsonObject body)
        {
            return false;
        }

        foreach (var (key, value) in body)
        {
            var kind = value?.GetValueKind();
            var ok = key switch
            {
                "enabled" or "autoSignup" or "generatePassword" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False or null,
                "roles" => kind is System.Text.Json.JsonValueKind.Array or null,
                "options" => kind is System.Text.Json.JsonValueKind.Object or null,
                "name" or "type" or "title" or "description" or "displayName" or "userName" or "email" or "phoneNumber" or "password"
                    or "before" or "after" or "clientId" or "clientSecret" => kind is System.Text.Json.JsonValueKind.String or null,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
