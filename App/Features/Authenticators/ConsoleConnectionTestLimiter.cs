using System.Threading.RateLimiting;
using BlazorAuth.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Authenticators;

/// <summary>
/// The console's "Test connection", held to the API's limit (<c>RateLimiting:ConnectionTest</c>) per administrator: a
/// circuit has no request of its own for the HTTP rate limiter to count, and every test is a call to the provider with
/// the app's credentials, which a provider throttles per app (DingTalk's token endpoint does), so a flood of tests could
/// hold up the whole organisation's sign-ins.
/// </summary>
public sealed class ConsoleConnectionTestLimiter(IOptions<ConnectionTestRateLimitOptions> limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = FixedWindowLimitOptions.PerKey(() => limits.Value);

    /// <summary>Counts a test of <paramref name="adminId"/> and says whether it may run; when not, how long to wait.</summary>
    public bool TryStart(string adminId, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(adminId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Value.Window;
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
