using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Plugins;

public sealed record PluginStateBody(bool? Enabled);

public static class PluginsApi
{
    public static IEndpointRouteBuilder MapPluginsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/plugins").RequireAuthorization(AppRoles.AdminOnly).DocumentedAdminApi("Plugins");

        api.MapGet("/", async (PluginService plugins, CancellationToken ct) => TypedResults.Ok(await plugins.ListAsync(ct)));

        api.MapPut("/{name}", async (string name, HttpRequest request, PluginService plugins, IStringLocalizer<CommonText> text,
            IStringLocalizer<PluginsText> L, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadBodyAsync<PluginStateBody>(request, text);
            if (error is not null)
            {
                return error;
            }

            if (body!.Enabled is not { } enabled)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["enabled"] = [L["EnabledRequired"]] });
            }

            return ApiResults.From(await plugins.SetEnabledAsync(name, enabled, ct), view => TypedResults.Ok(view));
        }).AcceptsJson<PluginStateBody>().Produces<PluginView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        return endpoints;
    }
}
