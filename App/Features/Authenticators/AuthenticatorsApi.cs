using System.Text.Json.Nodes;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

public sealed record AuthenticatorBody(string? Name, string? Type, string? Title, string? Description, bool? Enabled, JsonObject? Options);

public sealed record MoveBody(string? Before, string? After);

public static class AuthenticatorsApi
{
    public static IEndpointRouteBuilder MapAuthenticatorsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/authenticators").RequireAuthorization(AppRoles.AdminOnly).DocumentedAdminApi("Authenticators");

        api.MapGet("/", async (HttpRequest request, AuthenticatorStore store, PublicBaseUrl urls, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(RedirectUrls(request, urls), ct)));

        api.MapGet("/{name}", async (string name, HttpRequest request, AuthenticatorStore store, PublicBaseUrl urls, CancellationToken ct) =>
            await store.GetAsync(name, RedirectUrls(request, urls), ct) is { } view
                ? TypedResults.Ok(view)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound))
            .Produces<AuthenticatorView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (HttpRequest request, AuthenticatorStore store, PublicBaseUrl urls, IStringLocalizer<CommonText> text, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadBodyAsync<AuthenticatorBody>(request, text);
            if (error is not null)
            {
                return error;
            }

            var result = await store.CreateAsync(ToInput(body!), ct);
            return ApiResults.From(result, view => TypedResults.Created(
                $"/api/authenticators/{Uri.EscapeDataString(view.Name)}", WithRedirectUrl(view, request, urls, store)));
        }).AcceptsJson<AuthenticatorBody>().Produces<AuthenticatorView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{name}", async (string name, HttpRequest request, AuthenticatorStore store, PublicBaseUrl urls, IStringLocalizer<CommonText> text, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadBodyAsync<AuthenticatorBody>(request, text);
            if (error is not null)
            {
                return error;
            }

            // The body may omit name and type (they cannot change); given, they must match.
            var input = ToInput(body! with { Name = body!.Name ?? name }) with { Type = body.Type ?? (await store.GetAsync(name, ct: ct))?.Type };
            return ApiResults.From(await store.UpdateAsync(name, input, ct), view => TypedResults.Ok(WithRedirectUrl(view, request, urls, store)));
        }).AcceptsJson<AuthenticatorBody>().Produces<AuthenticatorView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/{name}", async (string name, AuthenticatorStore store, CancellationToken ct) =>
            ApiResults.From(await store.DeleteAsync([name], ct), _ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{name}/move", async (string name, HttpRequest request, AuthenticatorStore store, IStringLocalizer<CommonText> text,
            IStringLocalizer<AuthenticatorsText> L, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadBodyAsync<MoveBody>(request, text);
            if (error is not null)
            {
                return error;
            }

            if (body!.Before is not null && body.After is not null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["before"] = [L["MoveOneTarget"]] });
            }

            var before = body.Before;
            if (body.After is { } after)
            {
                var order = (await store.ListAsync(ct: ct)).Where(a => a.Name != name).Select(a => a.Name).ToList();
                var index = order.IndexOf(after);
                if (index < 0)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound);
                }

                before = index + 1 < order.Count ? order[index + 1] : null;
            }

            return ApiResults.From(await store.MoveAsync(name, before, ct), _ => TypedResults.NoContent());
        }).AcceptsJson<MoveBody>().Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        return endpoints;
    }

    private static AuthenticatorInput ToInput(AuthenticatorBody body) =>
        new(body.Name, body.Type, body.Title, body.Description, body.Enabled ?? false, body.Options);

    private static Func<string, string?> RedirectUrls(HttpRequest request, PublicBaseUrl urls) =>
        path => PublicBaseUrl.Combine(urls.For(request), path);

    private static AuthenticatorView WithRedirectUrl(AuthenticatorView view, HttpRequest request, PublicBaseUrl urls, AuthenticatorStore store) =>
        view.RedirectUrl is not null ? view : view with { RedirectUrl = store.RedirectUrlOf(view, RedirectUrls(request, urls)) };
}
