using BlazorAuth.Components.Pages;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;

namespace BlazorAuth.Infrastructure.Security;

/// <summary>
/// A form post without a valid antiforgery token, or one the server cannot read, gets a 400 (or 413) status page.
/// Without this, form-bound endpoints (/culture, /signout) throw, which the exception handler turns into a 500, and
/// the components' own refusal is a line of plain text.
/// </summary>
public static class FormPostGuards
{
    public static IApplicationBuilder UseFormPostGuards(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ApiEdge.PathPrefix))
            {
                await next(context);
                return;
            }

            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true })
            {
                await StatusPageAsync(context, StatusCodes.Status400BadRequest);
                return;
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await StatusPageAsync(context, ex.StatusCode);
            }
        });

    private static Task StatusPageAsync(HttpContext context, int status) =>
        new RazorComponentResult<StatusPage>(new Dictionary<string, object?> { [nameof(StatusPage.Code)] = status }) { StatusCode = status }
            .ExecuteAsync(context);
}
