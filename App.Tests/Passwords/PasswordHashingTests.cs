using System.Buffers.Binary;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Passwords;

/// <summary>Passwords are hashed at OWASP's current bar, and older hashes are upgraded without ending anyone's sessions.</summary>
public sealed class PasswordHashingTests : IDisposable
{
    private const string Password = "User!Pass12345";

    private readonly TestApp app = new(settings: new Dictionary<string, string?> { ["Security:SessionRevalidationInterval"] = "00:00:00" });

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task A_new_password_is_stored_as_PBKDF2_HMAC_SHA512_with_210000_iterations()
    {
        var user = await app.CreateUserAsync("fresh", Password);

        var (prf, iterations) = V3Header((await app.UserRowAsync(user.Id)).PasswordHash!);

        Assert.Equal(KeyDerivationPrf.HMACSHA512, prf);
        Assert.Equal(210_000, iterations);
    }

    [Fact]
    public async Task An_old_100000_iteration_hash_is_upgraded_by_one_successful_sign_in_and_no_session_ends()
    {
        var user = await app.CreateUserAsync("veteran", Password, "Vera Veteran");
        using var earlier = app.CreateBrowser();
        Assert.Null(await earlier.TrySignInAsync("veteran", Password));
        await SetHashAsync(user.Id, new PasswordHasher<AppUser>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 })).HashPassword(user, Password));
        Assert.Equal(100_000, V3Header((await app.UserRowAsync(user.Id)).PasswordHash!).Iterations);
        var stampBefore = (await app.UserRowAsync(user.Id)).SecurityStamp;

        using var now = app.CreateBrowser();
        Assert.Null(await now.TrySignInAsync("veteran", Password));

        var after = await app.UserRowAsync(user.Id);
        Assert.Equal(210_000, V3Header(after.PasswordHash!).Iterations);
        Assert.Equal(stampBefore, after.SecurityStamp);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await earlier.GetPageAsync("/")).Status);
        using var again = app.CreateBrowser();
        Assert.Null(await again.TrySignInAsync("veteran", Password));
    }

    /// <summary>Identity's v3 format: 0x01, then PRF, iteration count and salt length as big-endian 32-bit numbers.</summary>
    private static (KeyDerivationPrf Prf, int Iterations) V3Header(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return ((KeyDerivationPrf)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }

    private Task SetHashAsync(string userId, string hash) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            user.PasswordHash = hash;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
            return true;
        });

    private enum KeyDerivationPrf
    {
        HMACSHA1,
        HMACSHA256,
        HMACSHA512,
    }
}
