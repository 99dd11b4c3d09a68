using System.Globalization;
using System.Security.Claims;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Users;

public sealed record ResetPasswordAnswer(string GeneratedPassword);

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/users").RequireAuthorization(AppRoles.AdminOnly).DocumentedAdminApi("Users");

        // page and pageSize bind as text, so that "abc" gets the same problem naming the parameter as "0" does.
        // page=N reads by OFFSET (its cost grows with N); after= and before= take a page's next/previous cursor and seek.
        api.MapGet("/", async (string? search, string? page, string? pageSize, string? after, string? before, IUserDirectory directory,
            IStringLocalizer<UsersText> L, CancellationToken ct) =>
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

            UserCursor? cursor = null;
            if (after is not null && before is not null)
            {
                errors["before"] = [L["CursorBoth"]];
            }
            else if ((after ?? before) is { } text && !UserCursor.TryDecode(text, out cursor))
            {
                errors[after is null ? "before" : "after"] = [L["CursorInvalid"]];
            }

            return errors.Count > 0
                ? Results.ValidationProblem(errors)
                : TypedResults.Ok(await directory.ListAsync(
                    new UserQuery(search, pageNumber!.Value, size!.Value, cursor, after is null ? UserSeek.Before : UserSeek.After), ct));
        }).Produces<UserPage>().ProducesValidationProblem();

        api.MapGet("/{id}", async (string id, IUserDirectory directory, IStringLocalizer<UsersText> L, CancellationToken ct) =>
            await directory.GetAsync(id, ct) is { } user
                ? TypedResults.Ok(user)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: L["UserNotFound"]))
            .Produces<UserDetails>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/{id}/bindings/{authenticator}", async (string id, string authenticator, IUserDirectory directory, IStringLocalizer<UsersText> L, CancellationToken ct) =>
        {
            var result = await directory.RemoveBindingAsync(id, authenticator, ct: ct);
            return result.Status == StoreStatus.NotFound
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: L["BindingNotFound"])
                : ApiResults.From(result, _ => TypedResults.NoContent());
        }).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/", async (HttpRequest request, ClaimsPrincipal actor, IUserAdministration admin, IStringLocalizer<CommonText> text,
            IStringLocalizer<UsersText> L, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadBodyAsync<NewUserInput>(request, text);
            if (error is not null)
            {
                return error;
            }

            return From(await admin.CreateAsync(body!, actor, ct), L, created => TypedResults.Created(
                $"/api/users/{Uri.EscapeDataString(created.User.Id)}", new CreatedUserDetails(created.User, created.GeneratedPassword)));
        }).AcceptsJson<NewUserInput>().Produces<CreatedUserDetails>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{id}", async (string id, HttpRequest request, ClaimsPrincipal actor, IUserAdministration admin, IStringLocalizer<CommonText> text,
            IStringLocalizer<UsersText> L, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadBodyAsync<UserEditInput>(request, text);
            if (error is not null)
            {
                return error;
            }

            return From(await admin.UpdateAsync(id, body!, actor, ct), L, user => TypedResults.Ok(user));
        }).AcceptsJson<UserEditInput>().Produces<UserDetails>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id}/lock", async (string id, ClaimsPrincipal actor, IUserAdministration admin, IStringLocalizer<UsersText> L, CancellationToken ct) =>
            From(await admin.LockAsync(id, actor, ct), L, user => TypedResults.Ok(user)))
            .Produces<UserDetails>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id}/unlock", async (string id, ClaimsPrincipal actor, IUserAdministration admin, IStringLocalizer<UsersText> L, CancellationToken ct) =>
            From(await admin.UnlockAsync(id, actor, ct), L, user => TypedResults.Ok(user)))
            .Produces<UserDetails>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id}/reset-password", async (string id, ClaimsPrincipal actor, IUserAdministration admin, IStringLocalizer<UsersText> L, CancellationToken ct) =>
            From(await admin.ResetPasswordAsync(id, actor, ct), L, password => TypedResults.Ok(new ResetPasswordAnswer(password))))
            .Produces<ResetPasswordAnswer>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/{id}", async (string id, ClaimsPrincipal actor, IUserAdministration admin, IStringLocalizer<UsersText> L, CancellationToken ct) =>
            From(await admin.DeleteAsync(id, actor, ct), L, _ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        return endpoints;
    }

    private static IResult From<T>(StoreResult<T> result, IStringLocalizer<UsersText> L, Func<T, IResult> ok) =>
        result.Status == StoreStatus.NotFound
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: L["UserNotFound"])
            : ApiResults.From(result, ok);

    private static int? Parse(string? text, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
    }
}
