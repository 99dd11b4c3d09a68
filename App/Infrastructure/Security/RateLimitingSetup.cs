using System.Globalization;
using System.Threading.RateLimiting;
using BlazorAuth.Features.SignIn;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Infrastructure.Security;

/// <summary>A fixed window of so many permits.</summary>
public abstract class FixedWindowLimitOptions
{
    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>These limits for one partition of a limiter: nothing queues, a request past them is refused at once.</summary>
    public FixedWindowRateLimiterOptions ForPartition() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0 };

    /// <summary>An in-process limiter with a window of <paramref name="limits"/> for every key.</summary>
    public static PartitionedRateLimiter<string> PerKey(Func<FixedWindowLimitOptions> limits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => limits().ForPartition()));
}

/// <summary>Password sign-in posts per client.</summary>
public sealed class SignInRateLimitOptions : FixedWindowLimitOptions
{
    public const string Section = "RateLimiting:SignIn";
}

/// <summary>Starts of an external sign-in or link per client: a bucket of their own, so they never use up password attempts.</summary>
public sealed class ExternalSignInRateLimitOptions : FixedWindowLimitOptions
{
    public const string Section = "RateLimiting:ExternalSignIn";

    public ExternalSignInRateLimitOptions() => PermitLimit = 30;
}

/// <summary>Connection tests per client: each one is a call to the provider with the app's credentials.</summary>
public sealed class ConnectionTestRateLimitOptions : FixedWindowLimitOptions
{
    public const string Section = "RateLimiting:ConnectionTest";
}

public static class RateLimitingSetup
{
    /// <summary>POST /api/authenticators/test and /{name}/test, per client.</summary>
    public const string ConnectionTestPolicy = "connection-test";

    /// <summary>
    /// Attempts to sign in: password POSTs (per client) and the start of external sign-ins and links (per client, in a
    /// bucket of their own, marked with <see cref="ChallengeEndpointMarker"/>). Never an OAuth callback.
    /// </summary>
    public const string SignInPolicy = "sign-in";

    public static WebApplicationBuilder AddAppRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SignInRateLimitOptions>(builder.Configuration.GetSection(SignInRateLimitOptions.Section));
        builder.Services.Configure<ExternalSignInRateLimitOptions>(builder.Configuration.GetSection(ExternalSignInRateLimitOptions.Section));
        builder.Services.Configure<ConnectionTestRateLimitOptions>(builder.Configuration.GetSection(ConnectionTestRateLimitOptions.Section));
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy<string, SignInRateLimitPolicy>(SignInPolicy);
            options.AddPolicy<string, ConnectionTestRateLimitPolicy>(ConnectionTestPolicy);
        });
        return builder;
    }

    /// <summary>The answer past any sign-in limit: 429 with Retry-After, problem details for /api, else the clear page.</summary>
    public static async Task RejectAsync(HttpContext http, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
            return;
        }

        await new RazorComponentResult<TooManyRequestsPage> { StatusCode = StatusCodes.Status429TooManyRequests }.ExecuteAsync(http);
    }

    private sealed class SignInRateLimitPolicy(IOptions<SignInRateLimitOptions> password, IOptions<ExternalSignInRateLimitOptions> external)
        : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
            new ValueTask(RejectAsync(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null));

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var isStart = httpContext.GetEndpoint()?.Metadata.GetMetadata<ChallengeEndpointMarker>() is not null;

            // Showing a page is free; only the POST that tries a password, or the request that starts a challenge
            // (which carries no password), counts. Pages opt in with [EnableRateLimiting] and are served by GET too.
            if (HttpMethods.IsGet(httpContext.Request.Method) && !isStart)
            {
                return RateLimitPartition.GetNoLimiter("page");
            }

            FixedWindowLimitOptions settings = isStart ? external.Value : password.Value;
            var key = (isStart ? "external:" : "password:") + ClientAddress.PartitionKey(httpContext.Connection.RemoteIpAddress);
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => settings.ForPartition());
        }
    }
}

internal sealed class ConnectionTestRateLimitPolicy(IOptions<ConnectionTestRateLimitOptions> limits) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
        new ValueTask(RateLimitingSetup.RejectAsync(context.HttpContext,
            context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null));

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter("test:" + ClientAddress.PartitionKey(httpContext.Connection.RemoteIpAddress), _ => limits.Value.ForPartition());
}

/// <summary>Marks an endpoint that starts an external sign-in or link (a challenge): it counts in the external bucket.</summary>
public sealed class ChallengeEndpointMarker;
