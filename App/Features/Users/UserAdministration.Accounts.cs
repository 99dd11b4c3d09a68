using System.Data;
using System.Security.Claims;
using BlazorAuth.Features.Audit;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Users;

/// <summary>What an administrator does to an account as a whole: lock, unlock, reset its password, delete it.</summary>
public sealed partial class UserAdministration
{
    public Task<StoreResult<UserDetails>> LockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default) =>
        OrChangedMeanwhileAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var actorId = UserInputs.ActorId(actor);
            var (user, refusal) = await guard.FindRemovableAsync(db, users, userId, actorId, "CannotLockSelf", ct);
            if (user is null)
            {
                return refusal is null ? StoreResult<UserDetails>.NotFound() : StoreResult<UserDetails>.Conflict(refusal);
            }

            // One save: the lock and the new stamp (which ends the user's sessions) land together.
            user.LockedByAdminAt = clock.GetUtcNow().UtcDateTime;
            AuditTrail.Stage(db, clock, AuditEventTypes.UserLocked, actorId, userId);
            UserInputs.Ensure(await users.UpdateSecurityStampAsync(user), "lock the user");
            await tx.CommitAsync(ct);
            await sessions.EndAllAsync(userId, cancellationToken: ct, actorId: actorId);
            logger.LogInformation("User {UserId} locked by {ActorId}; the user's security stamp changed.", userId, actorId);
            return StoreResult<UserDetails>.Ok((await directory.GetAsync(userId, ct))!);
        });

    public Task<StoreResult<UserDetails>> UnlockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default) =>
        OrChangedMeanwhileAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return StoreResult<UserDetails>.NotFound();
            }

            AuditTrail.Stage(scope.ServiceProvider.GetRequiredService<AppDbContext>(), clock, AuditEventTypes.UserUnlocked, UserInputs.ActorId(actor), userId);
            // Also ends a lockout after too many wrong passwords, and forgets those attempts.
            user.LockedByAdminAt = null;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            UserInputs.Ensure(await users.UpdateAsync(user), "unlock the user");
            logger.LogInformation("User {UserId} unlocked by {ActorId}.", userId, UserInputs.ActorId(actor));
            return StoreResult<UserDetails>.Ok((await directory.GetAsync(userId, ct))!);
        });

    public Task<StoreResult<string>> ResetPasswordAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default) =>
        OrChangedMeanwhileAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return StoreResult<string>.NotFound();
            }

            var password = PasswordGenerator.Generate(Math.Max(24, users.Options.Password.RequiredLength));
            user.MustChangePassword = true;
            if (await users.HasPasswordAsync(user))
            {
                UserInputs.Ensure(await users.RemovePasswordAsync(user), "remove the old password");
            }

            // Both steps change the security stamp: every existing session ends at its next validation.
            var added = await users.AddPasswordAsync(user, password);
            if (!added.Succeeded)
            {
                // Only an operator's password policy stricter than any generated password gets here.
                return StoreResult<string>.Conflict(string.Join(" ", added.Errors.Select(e => e.Description)));
            }

            await AuditTrail.WriteAsync(db, clock, AuditEventTypes.PasswordReset, UserInputs.ActorId(actor), userId, cancellationToken: ct);
            await tx.CommitAsync(ct);
            await sessions.EndAllAsync(userId, cancellationToken: ct, actorId: UserInputs.ActorId(actor));
            logger.LogInformation("Password of user {UserId} reset by {ActorId}; it must be changed at the next sign-in.", userId, UserInputs.ActorId(actor));
            return StoreResult<string>.Ok(password);
        });

    public Task<StoreResult<bool>> DeleteAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default) =>
        OrChangedMeanwhileAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var actorId = UserInputs.ActorId(actor);
            var (user, refusal) = await guard.FindRemovableAsync(db, users, userId, actorId, "CannotDeleteSelf", ct);
            if (user is null)
            {
                return refusal is null ? StoreResult<bool>.NotFound() : StoreResult<bool>.Conflict(refusal);
            }

            // The database cascades the delete to the user's bindings, roles, claims, logins and tokens.
            UserInputs.Ensure(await users.DeleteAsync(user), "delete the user");
            await AuditTrail.WriteAsync(db, clock, AuditEventTypes.UserDeleted, actorId, userId, cancellationToken: ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("User {UserId} deleted by {ActorId}.", userId, actorId);
            return StoreResult<bool>.Ok(true);
        });

    /// <summary>Identity's concurrency check caught another change to the same user: a conflict to report, not a crash.</summary>
    private async Task<StoreResult<T>> OrChangedMeanwhileAsync<T>(Func<Task<StoreResult<T>>> change)
    {
        try
        {
            return await change();
        }
        catch (UserChangedMeanwhileException ex)
        {
            logger.LogInformation(ex, "A change to a user lost to a concurrent one.");
            return StoreResult<T>.Conflict(L["ChangedMeanwhile"]);
        }
    }
}
