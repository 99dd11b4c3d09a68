using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// <c>GET /openapi/v1.json</c>: every /api endpoint with its parameters, bodies, problem answers and the cookie
/// authentication. Administrators only, unless <c>OpenApi:Public</c> is true. The handlers read their bodies by hand
/// (for field-naming problems), so each route declares what it accepts and produces with metadata.
/// </summary>
public static class ApiDocument
{
    public const string Path = "/openapi/{documentName}.json";
    public const string PublicKey = "OpenApi:Public";

    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, context, _) =>
            {
                var cookie = context.ApplicationServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
                    .Get(IdentityConstants.ApplicationScheme).Cookie.Name;
                document.Info = new OpenApiInfo { Title = "BlazorAuth API", Version = "v1" };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["cookie"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = cookie,
                    Description = "The session cookie of an administrator who signed in on /signin.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("cookie", document)] = [] });
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder endpoints)
    {
        var document = endpoints.MapOpenApi(Path);
        if (!endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>(PublicKey))
        {
            document.RequireAuthorization(AppRoles.AdminOnly);
        }

        return endpoints;
    }

    /// <summary>What every admin route may answer besides its own results.</summary>
    public static RouteGroupBuilder DocumentedAdminApi(this RouteGroupBuilder group, string tag) =>
        group.WithTags(tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>A route that reads a JSON body of <typeparamref name="TBody"/>: wrong types, bad fields and media types are problems.</summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder route) where TBody : notnull =>
        route.Accepts<TBody>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
