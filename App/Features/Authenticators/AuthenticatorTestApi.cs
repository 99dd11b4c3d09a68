using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Infrastructure.Localization;
using BlazorAuth.Infrastructure.Security;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

/// <summary>Unsaved values to test; <see cref="Name"/> names the stored authenticator whose secret fills one left out.</summary>
public sealed record ConnectionTestBody(string? Type, string? Name, JsonObject? Options);

/// <summary>200 for every test that ran, passed or not: the failure is the provider's, not the request's.</summary>
public sealed record ConnectionTestAnswer(
    bool Ok,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProviderCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestId)
{
    public static ConnectionTestAnswer From(ConnectionTestResult r) => new(r.Ok, r.Code, r.Message, r.ProviderCode, r.RequestId);
}

/// <summary>POST /api/authenticators/test and /api/authenticators/{name}/test: admin only, in a rate-limit bucket of their own.</summary>
public static class AuthenticatorTestApi
{
    public static IEndpointRouteBuilder MapAuthenticatorTestApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/authenticators")
            .RequireAuthorization(AppRoles.AdminOnly)
            .RequireRateLimiting(RateLimitingSetup.ConnectionTestPolicy)
            .DocumentedAdminApi("Authenticators")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPost("/test", async (HttpRequest request, AuthenticatorConnectionTests tests, IStringLocalizer<CommonText> text, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadBodyAsync<ConnectionTestBody>(request, text);
            return error ?? Answer(await tests.TestJsonAsync(body!.Type, body.Options, body.Name, ct));
        }).AcceptsJson<ConnectionTestBody>().Produces<ConnectionTestAnswer>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{name}/test", async (string name, AuthenticatorConnectionTests tests, CancellationToken ct) =>
            tests.TestSavedAsync(name, ct) is { } test ? Answer(await test) : Results.Problem(statusCode: StatusCodes.Status404NotFound))
            .Produces<ConnectionTestAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        return endpoints;
    }

    private static IResult Answer((IReadOnlyDictionary<string, string[]> Errors, ConnectionTestResult? Result) outcome) =>
        outcome.Result is { } result && outcome.Errors.Count == 0
            ? TypedResults.Ok(ConnectionTestAnswer.From(result))
            : TypedResults.ValidationProblem(outcome.Errors);
}
