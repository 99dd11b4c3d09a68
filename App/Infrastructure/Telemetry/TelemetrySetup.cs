using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BlazorAuth.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry: the app's meter plus ASP.NET Core's, HttpClient's and the runtime's, and traces of requests and of
/// the calls to DingTalk. Exported by OTLP only when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set; without it no
/// exporter is registered and the meters cost next to nothing.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddAppTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SignInTelemetry>();
        builder.Services.AddScoped<CircuitHandler, CountingCircuitHandler>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("BlazorAuth"))
            .WithMetrics(metrics => metrics
                .AddMeter(SignInTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                // Query strings are redacted by the instrumentation; DingTalk's token travels in a header it never records.
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static IApplicationBuilder UseSignInTiming(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            SignInTelemetry.MarkStart(context);
            return next(context);
        });

    private sealed class CountingCircuitHandler(SignInTelemetry telemetry) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            telemetry.CircuitOpened();
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            telemetry.CircuitClosed();
            return Task.CompletedTask;
        }
    }
}
