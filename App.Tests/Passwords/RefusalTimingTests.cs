using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Passwords;

/// <summary>
/// The time of a refusal must not tell which accounts exist, are locked or have a password: every refusal runs exactly
/// one hash verification with the app's configured hasher. Counted through a decorated hasher, never timed.
/// </summary>
public sealed class RefusalTimingTests : IDisposable
{
    private const string Password = "User!Pass12345";

    private readonly HashCounter counter = new();
    private readonly TestApp app;

    public RefusalTimingTests()
    {
        app = new TestApp(services: PasswordTestSteps.HasherWrappedBy(inner => new CountingHasher(inner, counter)));
    }

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task Unknown_ambiguous_locked_timed_out_password_less_and_wrong_password_refusals_each_verify_one_hash()
    {
        await app.CreateUserAsync("wrong", Password);
        await app.CreateUserAsync("locked", Password);
        await app.LockOutAsync("locked");
        await app.CreateUserAsync("timed", Password);
        await app.StartTimedLockoutAsync("timed");
        var passwordLess = await app.CreateDingTalkUserAsync("Pat Passwordless");
        await CreateNamedAsync("twin@corp.test");
        await app.CreateUserAsync("other", Password);
        await SetEmailAsync("other", "twin@corp.test");

        var counts = new Dictionary<string, int>();
        foreach (var (path, login, password) in new[]
        {
            ("unknown email", "nobody@test.local", Password),
            ("unknown user name", "nobody", Password),
            ("ambiguous login", "twin@corp.test", Password),
            ("locked by an administrator", "locked", Password),
            ("timed lockout", "timed", Password),
            ("no password", passwordLess.UserName!, Password),
            ("wrong password", "wrong", "Wrong!Pass999"),
        })
        {
            using var browser = app.CreateBrowser();
            counter.Reset();
            Assert.Equal(PasswordTestSteps.GenericRefusal, await browser.TrySignInAsync(login, password));
            counts[path] = counter.Verifications;
        }

        Assert.All(counts, c => Assert.True(c.Value == 1, $"{c.Key}: {c.Value} verifications"));
    }

    [Fact]
    public async Task A_login_that_is_one_users_email_and_another_users_name_signs_in_neither()
    {
        await CreateNamedAsync("alice@corp.test");
        await app.CreateUserAsync("mallory", Password, "Mallory By Email");
        await SetEmailAsync("mallory", "ALICE@corp.test");

        using var browser = app.CreateBrowser();

        Assert.Equal(PasswordTestSteps.GenericRefusal, await browser.TrySignInAsync("alice@corp.test", Password));
        Assert.False(browser.HasSessionCookie());
        Assert.Null(await browser.TrySignInAsync("mallory", Password));
    }

    /// <summary>A user whose sign-in name looks like an email and who has no email of their own.</summary>
    private Task CreateNamedAsync(string userName) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var result = await users.CreateAsync(new AppUser { UserName = userName, CreatedAt = DateTime.UtcNow }, Password);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            return true;
        });

    private Task SetEmailAsync(string userName, string email) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            Assert.True((await users.SetEmailAsync(user, email)).Succeeded);
            return true;
        });

    private sealed class HashCounter
    {
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public void Reset() => Interlocked.Exchange(ref verifications, 0);

        public void Count() => Interlocked.Increment(ref verifications);
    }

    private sealed class CountingHasher(IPasswordHasher<AppUser> inner, HashCounter counter) : IPasswordHasher<AppUser>
    {
        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            counter.Count();
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
