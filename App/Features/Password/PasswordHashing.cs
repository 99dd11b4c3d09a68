using System.Security.Cryptography;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Password;

/// <summary>
/// Runs the password hashes of sign-ins and confirmations at most one per core at a time; the rest wait their turn
/// without holding a thread. A PBKDF2 hash is pure CPU for about a tenth of a second, so more of them at once than there
/// are cores only adds context switches (8 parallel loops hash about 15 % slower than 2 on this project's 2-core machine,
/// docs/benchmarks.md) and starves the thread pool that every other request needs.
/// Refusals and successes queue alike, so waiting says nothing about the account.
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
