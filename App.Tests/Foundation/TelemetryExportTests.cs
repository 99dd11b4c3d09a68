using System.Collections.Concurrent;
using System.Net;
using System.Text;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// OTEL_EXPORTER_OTLP_ENDPOINT decides whether the OpenTelemetry SDK runs at all: unset, no provider listens; set, a
/// real sign-in's traces and metrics reach a collector over OTLP/HTTP, without the password or the session cookie.
/// </summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task Without_an_OTLP_endpoint_no_OpenTelemetry_provider_is_registered_and_sign_in_works()
    {
        var app = new TestApp();
        try
        {
            using (var browser = app.CreateBrowser())
            {
                Assert.Null(await browser.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
            }

            Assert.Null(app.Services.GetService<MeterProvider>());
            Assert.Null(app.Services.GetService<TracerProvider>());
        }
        finally
        {
            app.Dispose();
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_a_sign_ins_traces_and_metrics_reach_the_collector_without_secrets()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        try
        {
            string cookie;
            using (var browser = app.CreateBrowser())
            {
                Assert.Null(await browser.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
                cookie = browser.Cookies.GetCookies(app.BaseAddress).Single(c => c.Name == BrowserClientExtensions.SessionCookie).Value;
            }

            Assert.NotNull(app.Services.GetService<MeterProvider>());
            Assert.NotNull(app.Services.GetService<TracerProvider>());
            var traces = await collector.WaitForAsync("/v1/traces", body => body.Contains("/signin", StringComparison.Ordinal));
            var metrics = await collector.WaitForAsync("/v1/metrics", body => body.Contains("blazorauth.signin.attempts", StringComparison.Ordinal));
            Assert.All(new[] { traces, metrics }, body =>
            {
                Assert.DoesNotContain(TestApp.AdminPassword, body, StringComparison.Ordinal);
                Assert.DoesNotContain(cookie, body, StringComparison.Ordinal);
            });
        }
        finally
        {
            app.Dispose();
            app.Database.Dispose();
        }
    }

    /// <summary>A stand-in OTLP/HTTP collector on a loopback port: answers every export with 200 and keeps the bodies.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication host;
        private readonly ConcurrentQueue<(string Path, string Body)> received = new();

        private OtlpCollector(WebApplication host) => this.host = host;

        public string Url => host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var host = builder.Build();
            var collector = new OtlpCollector(host);
            host.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                // Protobuf carries strings as UTF-8 bytes: reading the body as text finds names and values in it.
                collector.received.Enqueue((http.Request.Path.Value!, Encoding.UTF8.GetString(body.ToArray())));
                return Results.Bytes([], "application/x-protobuf");
            });
            await host.StartAsync();
            return collector;
        }

        /// <summary>The first export to <paramref name="path"/> that matches, waiting for the exporter's next batch (at most 30 s).</summary>
        public async Task<string> WaitForAsync(string path, Func<string, bool> match)
        {
            for (var i = 0; i < 300; i++)
            {
                if (received.FirstOrDefault(r => r.Path == path && match(r.Body)) is { Body: { } body })
                {
                    return body;
                }

                await Task.Delay(100);
            }

            throw new Xunit.Sdk.XunitException($"No export to {path} matched; received: {string.Join(", ", received.Select(r => r.Path))}.");
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }
}
