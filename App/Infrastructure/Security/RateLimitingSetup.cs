using System.Globalization;
using System.Threading.RateLimiting;
using BlazorAuth.Features.SignIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Infrastructure.Security;

public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimiting:SignIn";

    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class RateLimitingSetup
{
    /// <summary>Attempts to sign in: password POSTs and the start of external sign-ins. Never an OAuth callback.</summary>
    public const string SignInPolicy = "sign-in";

    public static WebApplicationBuilder AddAppRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SignInRateLimitOptions>(builder.Configuration.GetSection(SignInRateLimitOptions.Section));
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy<string, SignInRateLimitPolicy>(SignInPolicy);
        });
        return builder;
    }

    private sealed class SignInRateLimitPolicy(IOptions<SignInRateLimitOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            // Showing a page is free; only the POST that tries a password, or the GET that starts a challenge
            // (which carries no form), counts. Pages opt in with [EnableRateLimiting] and are served by GET too.
            if (HttpMethods.IsGet(httpContext.Request.Method) && httpContext.GetEndpoint()?.Metadata.GetMetadata<ChallengeEndpointMarker>() is null)
            {
                return RateLimitPartition.GetNoLimiter("page");
            }

            var settings = options.Value;
            var client = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
            });
        }

        private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
        {
            var http = context.HttpContext;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            if (http.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
                return;
            }

            await new RazorComponentResult<TooManyRequestsPage> { StatusCode = StatusCodes.Status429TooManyRequests }.ExecuteAsync(http);
        }
    }
}

/// <summary>Marks a GET endpoint that starts a sign-in (an external challenge), so the sign-in limit applies to it.</summary>
public sealed class ChallengeEndpointMarker;
