using System.Net;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Foundation;

/// <summary>GET /openapi/v1.json describes every /api route, and what it says of a body is what the API really answers.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly TestApp app = new();
    private ApiClient admin = null!;
    private JsonElement document;

    public async Task InitializeAsync()
    {
        admin = await ApiClient.SignInAsync(app);
        var answer = await admin.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        document = answer.Json;
    }

    public Task DisposeAsync()
    {
        admin.Dispose();
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Every_api_route_and_method_is_in_the_document()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(op => $"{op.Name} {p.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(routes);
        Assert.Empty(routes.Except(documented));
    }

    [Fact]
    public void Every_operation_names_its_problems_and_every_body_its_schema()
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name} documents no 401.");
                Assert.True(responses.TryGetProperty("403", out _), $"{operation.Name} {path.Name} documents no 403.");
                Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
                if (operation.Name is "post" or "put" && operation.Value.TryGetProperty("requestBody", out var body))
                {
                    Assert.True(body.GetProperty("content").TryGetProperty("application/json", out _), $"{operation.Name} {path.Name}");
                }
            }
        }

        Assert.Equal("cookie", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("cookie").GetProperty("in").GetString());
    }

    [Theory]
    [InlineData("/api/plugins", "/api/plugins", "get")]
    [InlineData("/api/authenticators", "/api/authenticators", "get")]
    [InlineData("/api/authenticators/basic", "/api/authenticators/{name}", "get")]
    [InlineData("/api/users", "/api/users", "get")]
    [InlineData("/api/audit", "/api/audit", "get")]
    public async Task A_documented_schema_has_exactly_the_properties_of_the_real_answer(string path, string template, string method)
    {
        var answer = (await admin.GetAsync(path)).Json;
        var schema = Resolve(document.GetProperty("paths").GetProperty(template).GetProperty(method)
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        AssertMatches(schema, answer, path);
    }

    [Fact]
    public async Task A_created_user_and_a_users_details_match_their_schemas()
    {
        var created = await admin.PostAsync("/api/users", new { displayName = "Doc User", userName = "docuser", roles = Array.Empty<string>(), generatePassword = true });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var schemas = document.GetProperty("components").GetProperty("schemas");

        AssertMatches(schemas.GetProperty("CreatedUserDetails"), created.Json, "POST /api/users");
        AssertMatches(schemas.GetProperty("UserDetails"), (await admin.GetAsync($"/api/users/{created.Json.GetProperty("id").GetString()}")).Json, "GET /api/users/{id}");
    }

    [Fact]
    public async Task The_document_is_for_administrators_unless_made_public()
    {
        using var anonymous = app.CreateBrowser();
        using var refused = await anonymous.GetAsync("/openapi/v1.json");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        using var open = new TestApp(settings: new Dictionary<string, string?> { ["OpenApi:Public"] = "true" });
        using var visitor = open.CreateBrowser();
        using var answered = await visitor.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        open.Database.Dispose();
    }

    /// <summary>Same property names at every level the answer has, types agreeing; arrays by their first item.</summary>
    private void AssertMatches(JsonElement schema, JsonElement value, string where)
    {
        schema = Resolve(schema);
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                Assert.True(Types(schema).Contains("array"), $"{where}: an array the schema calls {string.Join("/", Types(schema))}");
                if (value.GetArrayLength() > 0)
                {
                    AssertMatches(schema.GetProperty("items"), value[0], where + "[0]");
                }

                break;
            case JsonValueKind.Object when schema.TryGetProperty("properties", out var properties):
                var documented = properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                var real = value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                Assert.True(real.All(documented.Contains), $"{where}: answered [{string.Join(", ", real.Except(documented))}] that the schema lacks");
                foreach (var property in value.EnumerateObject())
                {
                    AssertMatches(properties.GetProperty(property.Name), property.Value, $"{where}.{property.Name}");
                }

                break;
            case JsonValueKind.String:
                Assert.True(Types(schema).Contains("string") || Types(schema).Count == 0, $"{where}: a string the schema calls {string.Join("/", Types(schema))}");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.True(Types(schema).Contains("boolean"), $"{where}: a boolean the schema calls {string.Join("/", Types(schema))}");
                break;
            case JsonValueKind.Number:
                Assert.True(Types(schema).Overlaps(["integer", "number"]), $"{where}: a number the schema calls {string.Join("/", Types(schema))}");
                break;
            case JsonValueKind.Null:
                Assert.True(Types(schema).Contains("null") || Types(schema).Count == 0, $"{where}: null where the schema allows none");
                break;
        }
    }

    private static HashSet<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];

    private JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}
