namespace BlazorAuth.Infrastructure.Hosting;

public static class RouteTableWarmUp
{
    /// <summary>
    /// Builds every endpoint now (Razor components, minimal APIs, the Blazor hub), which the host would otherwise do
    /// when it builds the pipeline, after the database is initialised: Program overlaps the two on a cold start.
    /// </summary>
    public static void BuildRouteTable(this IEndpointRouteBuilder endpoints)
    {
        foreach (var source in endpoints.DataSources)
        {
            _ = source.Endpoints;
        }
    }
}
