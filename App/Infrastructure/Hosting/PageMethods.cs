using Microsoft.AspNetCore.Components.Endpoints;

namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// The HTTP methods the app's pages take. Blazor maps a page to GET and POST only, so a HEAD (what uptime monitors and
/// link checkers send) answered 405; a HEAD is a GET without the body, and Kestrel drops the body. The status pages
/// (<see cref="AcceptsAnyMethodAttribute"/>) take every method. A convention, not metadata on the attribute: Blazor adds
/// its own method metadata after a component's attributes, and routing reads the last.
/// </summary>
public static class PageMethods
{
    private static readonly HttpMethodMetadata Page = new([HttpMethods.Get, HttpMethods.Head, HttpMethods.Post]);

    // No methods listed: routing's method policy reads that as any method.
    private static readonly HttpMethodMetadata AnyMethod = new([]);

    public static RazorComponentsEndpointConventionBuilder WithPageMethods(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<AcceptsAnyMethodAttribute>().Any())
            {
                endpoint.Metadata.Add(AnyMethod);
            }
            else if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any())
            {
                endpoint.Metadata.Add(Page);
            }
        });
        return builder;
    }
}
