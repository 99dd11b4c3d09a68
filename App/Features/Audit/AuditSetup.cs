using BlazorAuth.Infrastructure.Telemetry;

namespace BlazorAuth.Features.Audit;

public static class AuditSetup
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditMetrics>();
        services.AddSingleton(sp =>
        {
            var queue = ActivatorUtilities.CreateInstance<AuditQueue>(sp);
            sp.GetRequiredService<AuditMetrics>().ObserveDepth(() => queue.Count);
            return queue;
        });
        services.AddSingleton<LoginNameHasher>();
        services.AddSingleton<AuditRecorder>();
        services.AddSingleton<AuditLog>();
        services.AddScoped<AuditActor>();
        services.AddScoped<AuditChanges>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddSingleton<AuditRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        services.AddSingleton<ActiveSessionsGauge>();
        services.AddHostedService(sp => sp.GetRequiredService<ActiveSessionsGauge>());
        return builder;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder endpoints) => endpoints.MapAuditApi();
}
