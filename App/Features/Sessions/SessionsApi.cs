using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Sessions;

/// <summary>An administrator's view of a user's sessions: list them, end one, end all. Never the session key.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/users/{id}/sessions").RequireAuthorization(AppRoles.AdminOnly).DocumentedAdminApi("Sessions");

        api.MapGet("/", async (string id, HttpContext http, UserManager<AppUser> users, SessionDirectory sessions,
            IStringLocalizer<UsersText> usersText, CancellationToken ct) =>
            await users.FindByIdAsync(id) is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: usersText["UserNotFound"])
                : TypedResults.Ok(await sessions.ListAsync(id, SessionClaims.IdOf(http.User), ct)))
            .Produces<IReadOnlyList<SessionView>>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/{sessionId}", async (string id, string sessionId, SessionDirectory sessions,
            IStringLocalizer<SessionsText> L, CancellationToken ct) =>
            await sessions.EndAsync(id, sessionId, ct)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: L["SessionNotFound"]))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/", async (string id, UserManager<AppUser> users, SessionDirectory sessions,
            IStringLocalizer<UsersText> usersText, CancellationToken ct) =>
        {
            if (await users.FindByIdAsync(id) is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: usersText["UserNotFound"]);
            }

            await sessions.EndAllAsync(id, cancellationToken: ct);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        return endpoints;
    }
}
