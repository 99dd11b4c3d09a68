using System.Text.Json;
using BlazorAuth.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Infrastructure.Hosting;

public static class ApiResults
{
    /// <summary>Reads a JSON body so that a malformed one becomes a problem naming the field, not a bare 400.</summary>
    public static async Task<(T? Body, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, IStringLocalizer<CommonText> text)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: text["ApiJsonRequired"]));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, AppJson.Options, request.HttpContext.RequestAborted);
            return body is null
                ? (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [text["ApiBodyRequired"]] }))
                : (body, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path[2..] : "body";
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [text["ApiBodyMalformed"]] }));
        }
    }

    public static IResult From<T>(StoreResult<T> result, Func<T, IResult> ok) => result.Status switch
    {
        StoreStatus.Ok => ok(result.Value!),
        StoreStatus.Invalid => TypedResults.ValidationProblem(result.Errors!),
        StoreStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: result.Message),
    };
}
