using BlazorAuth.Features.Password;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Tests.Passwords;

/// <summary>
/// Password hashes run at most one per core at a time: a burst of sign-ins queues for the hasher instead of slicing the
/// cores between more hashes than they can run. Observed through a hasher that holds each verification until released.
/// </summary>
public sealed class PasswordHashQueueTests : IDisposable
{
    private const string Password = "User!Pass12345";

    private readonly HeldHasher held = new();
    private readonly TestApp app;

    public PasswordHashQueueTests()
    {
        app = new TestApp(services: PasswordTestSteps.HasherWrappedBy(held.Around));
    }

    public void Dispose()
    {
        held.ReleaseAll();
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task A_burst_of_sign_ins_hashes_one_per_core_at_a_time_and_every_one_of_them_signs_in()
    {
        var cores = Environment.ProcessorCount;
        var names = Enumerable.Range(0, cores + 2).Select(i => $"burst{i}").ToList();
        foreach (var name in names)
        {
            await app.CreateUserAsync(name, Password);
        }

        var browsers = names.Select(_ => app.CreateBrowser()).ToList();
        var signIns = names.Select((name, i) => browsers[i].TrySignInAsync(name, Password)).ToList();
        await held.WaitUntilInsideAsync(cores);
        // The requests beyond the cores have had a second to reach the hasher; a queue that let them through would show.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(cores, held.Inside);

        held.ReleaseAll();
        var answers = await Task.WhenAll(signIns);

        Assert.All(answers, Assert.Null);
        Assert.All(browsers, b => Assert.True(b.HasSessionCookie()));
        Assert.Equal(cores, held.MostInside);
        browsers.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task A_check_given_up_while_queued_hashes_nothing_and_leaves_the_queue_whole()
    {
        var hashing = new PasswordHashing();
        var hasher = held.Around(new PasswordHasher<AppUser>());
        var user = new AppUser();
        var hash = new PasswordHasher<AppUser>().HashPassword(user, Password);
        var holding = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => Task.Run(() => hashing.VerifyAsync(hasher, user, hash, Password, CancellationToken.None)))
            .ToList();
        await held.WaitUntilInsideAsync(Environment.ProcessorCount);

        using var giveUp = new CancellationTokenSource();
        var queued = hashing.VerifyAsync(hasher, user, hash, Password, giveUp.Token);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        held.ReleaseAll();
        Assert.All(await Task.WhenAll(holding), r => Assert.Equal(PasswordVerificationResult.Success, r));
        Assert.Equal(Environment.ProcessorCount, held.Entered);
        Assert.Equal(PasswordVerificationResult.Success, await hashing.VerifyAsync(hasher, user, hash, Password, CancellationToken.None));
    }

    /// <summary>Verifications wait inside the hasher until <see cref="ReleaseAll"/>; hashing new passwords is not held.</summary>
    private sealed class HeldHasher
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int inside;
        private int mostInside;
        private int entered;

        public int Inside => Volatile.Read(ref inside);

        public int MostInside => Volatile.Read(ref mostInside);

        public int Entered => Volatile.Read(ref entered);

        public IPasswordHasher<AppUser> Around(IPasswordHasher<AppUser> inner) => new Hasher(inner, this);

        public void ReleaseAll() => released.TrySetResult();

        public async Task WaitUntilInsideAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Inside < count)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        private T Hold<T>(Func<T> verify)
        {
            Interlocked.Increment(ref entered);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref mostInside, now);
            try
            {
                released.Task.Wait(TimeSpan.FromSeconds(60));
                return verify();
            }
            finally
            {
                Interlocked.Decrement(ref inside);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }

        private sealed class Hasher(IPasswordHasher<AppUser> inner, HeldHasher held) : IPasswordHasher<AppUser>
        {
            public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword) =>
                held.Hold(() => inner.VerifyHashedPassword(user, hashedPassword, providedPassword));
        }
    }
}
