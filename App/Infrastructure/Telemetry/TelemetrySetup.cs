using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BlazorAuth.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry: the app's meter plus ASP.NET Core's, HttpClient's and the runtime's, and traces of requests and of
/// the calls to DingTalk, exported by OTLP when the standard OTEL_EXPORTER_OTLP_ENDPOINT is set. Without it the SDK is
/// not registered at all: a MeterProvider or TracerProvider with no exporter still listens, so every request would
/// still start a sampled activity, run the instrumentation's enrichment and update ASP.NET Core's histograms for
/// nobody. What stays are the app's own System.Diagnostics.Metrics instruments, which cost nothing until something
/// listens (dotnet-counters, a MetricCollector in the tests).
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddAppTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SignInTelemetry>();
        builder.Services.AddScoped<CircuitHandler, CountingCircuitHandler>();
        if (!IsExported(builder.Configuration))
        {
            return builder;
        }

        AddSdk(builder.Services);
        return builder;
    }

    // A method of its own, never inlined: a method's precompiled code loads every assembly whose types it names when it
    // first runs, so without an exporter the SDK's assemblies now stay unloaded (less to map at start and at idle).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddSdk(IServiceCollection services) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("BlazorAuth"))
            .WithMetrics(metrics => metrics
                .AddMeter(SignInTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                // Query strings are redacted by the instrumentation; DingTalk's token travels in a header it never records.
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();

    /// <summary>Whether the OpenTelemetry SDK runs: only when there is somewhere to send what it gathers.</summary>
    public static bool IsExported(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

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
