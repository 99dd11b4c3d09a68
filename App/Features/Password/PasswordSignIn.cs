using System.Security.Claims;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Password;

public enum PasswordSignInOutcome
{
    Succeeded,

    /// <summary>Wrong password, unknown account, locked account, or a user not allowed to sign in: one answer for all.</summary>
    Refused,

    /// <summary>Too many failed attempts at this account from browsers without its device cookie: answered 429.</summary>
    TooManyAttempts,
}

public sealed record PasswordSignInResult(PasswordSignInOutcome Outcome, AppUser? User = null, bool IsAdmin = false);

/// <summary>
/// Password sign-in. Every refusal (unknown or ambiguous login, a lock, no password, wrong password) runs exactly one
/// verification with the app's hasher, so the time of an answer does not tell which accounts exist or are locked.
/// Identity's failed-password lockout applies to browsers without this account's device cookie; see <see cref="DeviceCookies"/>.
/// The password is checked here rather than by <see cref="SignInManager{TUser}.CheckPasswordSignInAsync"/>, which
/// skips hashing for locked accounts and, on a rehash, rotates the security stamp (ending the user's other sessions).
/// </summary>
public sealed class PasswordSignIn(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    AuthenticatorSnapshot authenticators,
    DeviceCookies devices,
    AccountSignInLimiter accountLimiter,
    PasswordHashing hashing,
    SignInTelemetry telemetry,
    AuditRecorder audit,
    ILogger<PasswordSignIn> logger)
{
    public async Task<PasswordSignInResult> SignInAsync(HttpContext http, string authenticatorName, string login, string password, bool remember)
    {
        var result = await AttemptAsync(http, authenticatorName, login, password, remember);
        var reason = result.Outcome switch
        {
            PasswordSignInOutcome.Succeeded => null,
            PasswordSignInOutcome.TooManyAttempts => "too_many_attempts",
            _ => "invalid_credentials",
        };
        telemetry.Record(http, SignInTelemetry.PasswordMethod, PasswordPlugin.TypeName, reason);
        await audit.PasswordAttemptAsync(http, authenticatorName, login, reason);
        return result;
    }

    private async Task<PasswordSignInResult> AttemptAsync(HttpContext http, string authenticatorName, string login, string password, bool remember)
    {
        if (authenticators.FindUsable(authenticatorName, PasswordPlugin.TypeName) is null)
        {
            logger.LogInformation("Password sign-in refused: authenticator {Authenticator} is not usable.", authenticatorName);
            return new(PasswordSignInOutcome.Refused);
        }

        login = login.Trim();
        var user = await FindAsync(login, http.RequestAborted);
        AuditNotes.User(http, user?.Id);
        var trusted = user is not null && devices.IsTrusted(http, user);
        var account = AccountSignInLimiter.KeyFor(user?.Id, users.NormalizeName(login));
        if (!trusted && accountLimiter.IsExhausted(account))
        {
            logger.LogWarning("Password sign-in refused for {UserId}: too many failed attempts at this account.", user?.Id ?? "(unknown login)");
            return new(PasswordSignInOutcome.TooManyAttempts);
        }

        var verdict = user is null ? await RefuseAsync(http, password, null, "unknown or ambiguous account") : await CheckAsync(http, user, trusted, password);
        if (user is null || verdict is not { } rightPassword)
        {
            if (!trusted)
            {
                accountLimiter.RecordFailure(account);
            }

            return new(PasswordSignInOutcome.Refused);
        }

        await RecordSuccessAsync(http, user, password, rightPassword);
        devices.Issue(http, user);
        await signIn.SignInWithClaimsAsync(user, remember,
        [
            new Claim(AppClaimTypes.AuthenticationMethodReference, AppClaimTypes.PasswordMethod),
            new Claim(ClaimTypes.AuthenticationMethod, authenticatorName),
        ]);
        // SignInWithClaimsAsync made the new principal the request's user: its roles were read once, by the claims factory.
        return new(PasswordSignInOutcome.Succeeded, user, http.User.IsInRole(AppRoles.Admin));
    }

    /// <summary>The verdict on the password when it is right, else null: every path to null verifies exactly one hash.</summary>
    private async Task<PasswordVerificationResult?> CheckAsync(HttpContext http, AppUser user, bool trusted, string password)
    {
        if (!await signIn.CanSignInAsync(user))
        {
            return await RefuseAsync(http, password, user, "not allowed (locked by an administrator, or unconfirmed)");
        }

        if (user.PasswordHash is not { } hash)
        {
            return await RefuseAsync(http, password, user, "no password");
        }

        if (!trusted && await users.IsLockedOutAsync(user))
        {
            return await RefuseAsync(http, password, user, "locked out after wrong passwords, from a browser without its device cookie");
        }

        var verdict = await hashing.VerifyAsync(users.PasswordHasher, user, hash, password, http.RequestAborted);
        if (verdict == PasswordVerificationResult.Failed)
        {
            if (trusted)
            {
                devices.RecordFailure(http, user);
            }
            else
            {
                await users.AccessFailedAsync(user);
                await audit.LockoutIfLockedAsync(http, users, user);
            }

            logger.LogInformation("Password sign-in refused for user {UserId}: wrong password{Device}.", user.Id, trusted ? " from a known device" : "");
            return null;
        }

        return verdict;
    }

    private async Task<PasswordVerificationResult?> RefuseAsync(HttpContext http, string password, AppUser? user, string reason)
    {
        await hashing.VerifyDummyAsync(users.PasswordHasher, password, http.RequestAborted);
        logger.LogInformation("Password sign-in refused for {UserId}: {Reason}.", user?.Id ?? "(none)", reason);
        return null;
    }

    /// <summary>Forgets earlier failures and upgrades an old hash, in one save that leaves the security stamp alone.</summary>
    private async Task RecordSuccessAsync(HttpContext http, AppUser user, string password, PasswordVerificationResult verdict)
    {
        var changed = false;
        if (user.AccessFailedCount > 0)
        {
            user.AccessFailedCount = 0;
            changed = true;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = await hashing.HashAsync(users.PasswordHasher, user, password, http.RequestAborted);
            changed = true;
            logger.LogInformation("Password hash of user {UserId} upgraded to the current cost.", user.Id);
        }

        if (changed && await users.UpdateAsync(user) is { Succeeded: false } failed)
        {
            // The sign-in itself is sound; a concurrent edit of the row only postpones the upgrade to the next sign-in.
            logger.LogWarning("Could not record the sign-in of user {UserId}: {Errors}.", user.Id, string.Join("; ", failed.Errors.Select(e => e.Code)));
        }
    }

    /// <summary>
    /// The user whose email or user name is <paramref name="login"/>, compared the way Identity normalises them. When the
    /// two name different users (another user's email equals this user name), nobody: taking either would be a guess.
    /// </summary>
    private async Task<AppUser?> FindAsync(string login, CancellationToken ct)
    {
        if (login.Length == 0)
        {
            return null;
        }

        var asEmail = users.NormalizeEmail(login);
        var asName = users.NormalizeName(login);
        var matches = await users.Users
            .Where(u => u.NormalizedEmail == asEmail || u.NormalizedUserName == asName)
            .OrderBy(u => u.Id)
            .Take(2)
            .ToListAsync(ct);
        return matches.Count == 1 ? matches[0] : null;
    }
}
