using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Audit;

/// <summary><c>GET /api/audit</c> (a page of records and the cursor of the next) and <c>GET /api/audit.csv</c> (the whole filter, streamed). Administrators only.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization(AppRoles.AdminOnly).DocumentedAdminApi("Audit");

        api.MapGet("/audit", async (HttpContext http, AuditLog log, IStringLocalizer<AuditText> L, CancellationToken ct) =>
            {
                var (query, errors) = AuditFilterParser.Parse(http.Request.Query, L);
                return query is null
                    ? Results.ValidationProblem(errors)
                    : Results.Ok(await log.PageAsync(query.Filter, query.Limit, query.Cursor, ct));
            })
            .WithQueryParameters()
            .Produces<AuditPage>()
            .ProducesValidationProblem();

        api.MapGet("/audit.csv", async (HttpContext http, AuditLog log, IStringLocalizer<AuditText> L, CancellationToken ct) =>
            {
                var (query, errors) = AuditFilterParser.Parse(http.Request.Query, L);
                if (query is null)
                {
                    return Results.ValidationProblem(errors);
                }

                return Results.Stream(body => AuditCsv.WriteAsync(body, log.StreamAsync(query.Filter, ct), ct),
                    "text/csv; charset=utf-8", $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
            })
            .WithQueryParameters()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();

        return endpoints;
    }

    /// <summary>The filter's parameters, for the document: the handler reads them itself so a bad one is a problem naming it.</summary>
    private static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description) in new[]
            {
                ("from", "Oldest time, inclusive (ISO 8601, UTC unless an offset is given)."),
                ("to", "Newest time, exclusive."),
                ("type", "One event type: " + string.Join(", ", AuditEventTypes.All) + "."),
                ("result", "success or failure."),
                ("userId", "The user the events are about."),
                ("authenticator", "The authenticator's name."),
                ("ip", "The client's IP address, exactly."),
                ("limit", $"Records per page, 1 to {AuditLog.MaxLimit} (default {AuditLog.DefaultLimit}); /api/audit only."),
                ("cursor", "The next value of the previous page; /api/audit only."),
            })
            {
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = name,
                    In = Microsoft.OpenApi.ParameterLocation.Query,
                    Description = description,
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        });
}
