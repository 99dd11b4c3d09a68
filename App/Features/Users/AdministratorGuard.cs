using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Users;

/// <summary>
/// Some administrator whom no administrator locked always remains, and nobody locks or deletes themselves: the checks
/// that every change which may take an administrator away runs inside its serializable transaction.
/// </summary>
public sealed class AdministratorGuard(IStringLocalizer<UsersText> L)
{
    /// <summary>
    /// The first statement of every transaction that may take an administrator away: writing the Admin role's row makes
    /// each such transaction wait for the one before it and then count afresh, so two admins demoting each other at once
    /// cannot both succeed (and SQL Server blocks instead of failing one of them as a deadlock victim).
    /// </summary>
    public static Task SerializeAdminChangesAsync(AppDbContext db, CancellationToken ct) =>
        db.Roles.Where(r => r.Name == AppRoles.Admin).ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, r => r.ConcurrencyStamp), ct);

    /// <summary>
    /// For lock and delete, which take a user out of reach: the user, or why not (null and null: no such user).
    /// Nobody does it to themselves, and never to the last administrator who can sign in.
    /// </summary>
    public async Task<(AppUser? User, string? Refusal)> FindRemovableAsync(
        AppDbContext db, UserManager<AppUser> users, string userId, string? actorId, string selfRefusalKey, CancellationToken ct)
    {
        await SerializeAdminChangesAsync(db, ct);
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return (null, null);
        }

        if (userId == actorId)
        {
            return (null, L[selfRefusalKey]);
        }

        return await users.IsInRoleAsync(user, AppRoles.Admin) && await IsLastAdminAsync(db, userId, ct)
            ? (null, LastAdminMessage(user, actorId))
            : (user, null);
    }

    /// <summary>
    /// True when every administrator other than <paramref name="userId"/> is locked by an administrator. A timed lockout
    /// after wrong passwords does not count: it passes, and its owner still signs in from a known browser.
    /// </summary>
    public static async Task<bool> IsLastAdminAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == AppRoles.Admin).Select(r => r.Id).FirstOrDefaultAsync(ct);
        return !await db.UserRoles.Where(ur => ur.RoleId == roleId && ur.UserId != userId)
            .Join(db.Users, ur => ur.UserId, u => u.Id, (ur, u) => u)
            .AnyAsync(u => u.LockedByAdminAt == null, ct);
    }

    public string LastAdminMessage(AppUser user, string? actorId) =>
        user.Id == actorId ? L["LastAdminSelf"] : L["LastAdmin", user.DisplayName ?? user.UserName ?? user.Id];
}
