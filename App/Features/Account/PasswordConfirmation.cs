using BlazorAuth.Features.Password;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Account;

public enum ConfirmationOutcome
{
    Confirmed,
    WrongPassword,

    /// <summary>Locked out after wrong passwords, or too many failures at this account: the same limits as sign-in.</summary>
    TooManyAttempts,
}

/// <summary>
/// "Confirm it's you" with the current password. A guess here is a guess at the password, so it counts exactly as a
/// failed password sign-in does: Identity's lockout (or, from a browser holding the account's device cookie, that
/// cookie's own count) and the per-account failure limiter.
/// </summary>
public sealed class PasswordConfirmation(
    UserManager<AppUser> users,
    DeviceCookies devices,
    AccountSignInLimiter accountLimiter,
    PasswordHashing hashing,
    SessionDirectory sessions,
    ILogger<PasswordConfirmation> logger)
{
    /// <summary>Whether the user can confirm with a password: they have one, and it is not a generated one they never received.</summary>
    public async Task<bool> HasUsablePasswordAsync(AppUser user, System.Security.Claims.ClaimsPrincipal principal) =>
        await users.HasPasswordAsync(user) && (!user.MustChangePassword || AppClaimTypes.IsPasswordSession(principal));

    public async Task<ConfirmationOutcome> ConfirmAsync(HttpContext http, AppUser user, string password)
    {
        var trusted = devices.IsTrusted(http, user);
        var account = AccountSignInLimiter.KeyFor(user.Id, user.NormalizedUserName ?? "");
        if (!trusted && (accountLimiter.IsExhausted(account) || await users.IsLockedOutAsync(user)))
        {
            logger.LogWarning("Password confirmation refused for user {UserId}: too many failed attempts.", user.Id);
            return ConfirmationOutcome.TooManyAttempts;
        }

        if (user.PasswordHash is not { } hash
            || await hashing.VerifyAsync(users.PasswordHasher, user, hash, password, http.RequestAborted) == PasswordVerificationResult.Failed)
        {
            if (trusted)
            {
                devices.RecordFailure(http, user);
            }
            else
            {
                accountLimiter.RecordFailure(account);
                await users.AccessFailedAsync(user);
            }

            logger.LogInformation("Password confirmation refused for user {UserId}: wrong password.", user.Id);
            return ConfirmationOutcome.WrongPassword;
        }

        if (user.AccessFailedCount > 0)
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        if (SessionClaims.IdOf(http.User) is not { } sessionId || !await sessions.ReauthenticatedAsync(sessionId, user.Id, http.RequestAborted))
        {
            return ConfirmationOutcome.WrongPassword;
        }

        logger.LogInformation("User {UserId} confirmed their password in session {SessionId}.", user.Id, sessionId);
        return ConfirmationOutcome.Confirmed;
    }
}
