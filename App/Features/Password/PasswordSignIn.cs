using System.Security.Claims;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Password;

public enum PasswordSignInOutcome
{
    Succeeded,

    /// <summary>Wrong password, unknown account, locked account, or a user not allowed to sign in: one answer for all.</summary>
    Refused,
}

public sealed record PasswordSignInResult(PasswordSignInOutcome Outcome, AppUser? User = null, bool IsAdmin = false);

/// <summary>Password sign-in with lockout, answering the same way whether the account exists, is locked or the password is wrong.</summary>
public sealed class PasswordSignIn(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    AuthenticatorSnapshot authenticators,
    ILogger<PasswordSignIn> logger)
{
    // Hashing a throwaway password for unknown accounts keeps their answer time close to a real check.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), "not-a-real-password"));

    public async Task<PasswordSignInResult> SignInAsync(string authenticatorName, string login, string password, bool remember)
    {
        if (authenticators.FindUsable(authenticatorName, PasswordPlugin.TypeName) is null)
        {
            logger.LogInformation("Password sign-in refused: authenticator {Authenticator} is not usable.", authenticatorName);
            return new(PasswordSignInOutcome.Refused);
        }

        var user = await FindAsync(login.Trim());
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password);
            logger.LogInformation("Password sign-in refused: unknown account.");
            return new(PasswordSignInOutcome.Refused);
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            logger.LogInformation("Password sign-in refused for user {UserId}: {Reason}.", user.Id,
                check.IsLockedOut ? "locked out" : check.IsNotAllowed ? "not allowed" : "wrong password");
            return new(PasswordSignInOutcome.Refused);
        }

        await signIn.SignInWithClaimsAsync(user, remember,
        [
            new Claim(AppClaimTypes.AuthenticationMethodReference, "pwd"),
            new Claim(ClaimTypes.AuthenticationMethod, authenticatorName),
        ]);
        return new(PasswordSignInOutcome.Succeeded, user, await users.IsInRoleAsync(user, AppRoles.Admin));
    }

    private async Task<AppUser?> FindAsync(string login)
    {
        if (login.Length == 0)
        {
            return null;
        }

        return login.Contains('@', StringComparison.Ordinal)
            ? await users.FindByEmailAsync(login) ?? await users.FindByNameAsync(login)
            : await users.FindByNameAsync(login);
    }
}
