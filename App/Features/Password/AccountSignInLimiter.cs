using System.Threading.RateLimiting;
using BlazorAuth.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Password;

/// <summary>Failed password sign-ins per account, across all clients.</summary>
public sealed class AccountSignInLimitOptions : FixedWindowLimitOptions
{
    public const string Section = "RateLimiting:AccountFailures";

    public AccountSignInLimitOptions()
    {
        PermitLimit = 20;
        Window = TimeSpan.FromMinutes(15);
    }
}

/// <summary>
/// Limits failed password sign-ins per account, whatever address they come from, so a spray of one account from many
/// addresses is bounded too (the per-client limit cannot see it, and the lockout only stops correct passwords). It runs
/// inside the sign-in because only there the account, and whether the attempt failed, are known. Unknown login names
/// get a bucket of their own name, so a 429 does not tell whether an account exists. Kept per instance.
/// </summary>
public sealed class AccountSignInLimiter(IOptions<AccountSignInLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = FixedWindowLimitOptions.PerKey(() => options.Value);

    public static string KeyFor(string? userId, string normalizedLogin) => userId is null ? "login:" + normalizedLogin : "user:" + userId;

    public bool IsExhausted(string key) => limiter.GetStatistics(key) is { CurrentAvailablePermits: <= 0 };

    public void RecordFailure(string key)
    {
        using var lease = limiter.AttemptAcquire(key);
    }

    public void Dispose() => limiter.Dispose();
}
