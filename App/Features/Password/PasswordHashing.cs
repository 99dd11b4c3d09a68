using System.Security.Cryptography;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Password;

/// <summary>
/// Runs the password hashes of sign-ins and confirmations at most one per core at a time; the rest wait their turn
/// without holding a thread. A PBKDF2 hash is pure CPU for about a tenth of a second, so running more of them at once
/// than there are cores gains nothing and stretches every one of them: queued, a burst of sign-ins finishes in arrival
/// order (8 clients on 2 cores: p99 591 instead of 868 ms, the slowest 606 instead of 1,160 ms, docs/benchmarks.md)
/// and the thread pool keeps its threads for the other requests. Refusals and successes queue alike, so waiting says
/// nothing about the account.
/// </summary>
public sealed class PasswordHashing
{
    private readonly SemaphoreSlim slots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private string? dummyHash;

    public Task<PasswordVerificationResult> VerifyAsync(IPasswordHasher<AppUser> hasher, AppUser user, string hash, string password, CancellationToken ct) =>
        RunAsync(() => hasher.VerifyHashedPassword(user, hash, password), ct);

    public Task<string> HashAsync(IPasswordHasher<AppUser> hasher, AppUser user, string password, CancellationToken ct) =>
        RunAsync(() => hasher.HashPassword(user, password), ct);

    /// <summary>Verifies against a hash of a random password at the app's cost, for refusals that have no real hash to check.</summary>
    public Task VerifyDummyAsync(IPasswordHasher<AppUser> hasher, string password, CancellationToken ct) =>
        RunAsync(() => hasher.VerifyHashedPassword(new AppUser(), DummyHash(hasher), password), ct);

    private string DummyHash(IPasswordHasher<AppUser> hasher) =>
        LazyInitializer.EnsureInitialized(ref dummyHash, () => hasher.HashPassword(new AppUser(), RandomNumberGenerator.GetHexString(32)));

    private async Task<T> RunAsync<T>(Func<T> hash, CancellationToken ct)
    {
        await slots.WaitAsync(ct);
        try
        {
            return hash();
        }
        finally
        {
            slots.Release();
        }
    }
}
