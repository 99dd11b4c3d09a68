using System.Globalization;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Users;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/users").RequireAuthorization(ApiResults.AdminOnly);

        // page and pageSize bind as text, so that "abc" gets the same problem naming the parameter as "0" does.
        api.MapGet("/", async (string? search, string? page, string? pageSize, IUserDirectory directory, IStringLocalizer<UsersText> L, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var pageNumber = Parse(page, 1, 1, int.MaxValue);
            if (pageNumber is null)
            {
                errors["page"] = [L["PageInvalid"]];
            }

            var size = Parse(pageSize, UserQuery.DefaultPageSize, 1, UserQuery.MaxPageSize);
            if (size is null)
            {
                errors["pageSize"] = [L["PageSizeInvalid", UserQuery.MaxPageSize]];
            }

            if (search?.Length > UserQuery.MaxSearchLength)
            {
                errors["search"] = [L["SearchTooLong", UserQuery.MaxSearchLength]];
            }

            return errors.Count > 0
                ? Results.ValidationProblem(errors)
                : TypedResults.Ok(await directory.ListAsync(new UserQuery(search, pageNumber!.Value, size!.Value), ct));
        });

        api.MapGet("/{id}", async (string id, IUserDirectory directory, IStringLocalizer<UsersText> L, CancellationToken ct) =>
            await directory.GetAsync(id, ct) is { } user
                ? TypedResults.Ok(user)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: L["UserNotFound"]));

        api.MapDelete("/{id}/bindings/{authenticator}", async (string id, string authenticator, IUserDirectory directory, IStringLocalizer<UsersText> L, CancellationToken ct) =>
        {
            var result = await directory.RemoveBindingAsync(id, authenticator, ct);
            return result.Status == Authenticators.StoreStatus.NotFound
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: L["BindingNotFound"])
                : ApiResults.From(result, _ => TypedResults.NoContent());
        });

        return endpoints;
    }

    private static int? Parse(string? text, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
    }
}
