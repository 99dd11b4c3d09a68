using System.Data;
using System.Security.Claims;
using System.Text.RegularExpressions;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Infrastructure.Data;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Users;

/// <summary>Every change an administrator makes to users, from the console and the API alike.</summary>
public interface IUserAdministration
{
    /// <summary>Validates without saving, so a form can show the server's verdict inline.</summary>
    Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(NewUserInput input, CancellationToken ct = default);

    Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(string userId, UserEditInput input, CancellationToken ct = default);

    Task<StoreResult<CreatedUser>> CreateAsync(NewUserInput input, ClaimsPrincipal actor, CancellationToken ct = default);

    Task<StoreResult<UserDetails>> UpdateAsync(string userId, UserEditInput input, ClaimsPrincipal actor, CancellationToken ct = default);

    /// <summary>Locks the user out until an administrator unlocks them, and ends their sessions.</summary>
    Task<StoreResult<UserDetails>> LockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default);

    Task<StoreResult<UserDetails>> UnlockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default);

    /// <summary>Sets a generated password that must be changed at the next sign-in, ends the user's sessions, and answers the password.</summary>
    Task<StoreResult<string>> ResetPasswordAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default);

    /// <summary>Deletes the user with their bindings, roles and logins.</summary>
    Task<StoreResult<bool>> DeleteAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default);
}

/// <summary>
/// The rules: emails, user names and phone numbers stay unique (phones in their normalised form, checked inside a
/// serializable transaction: no unique index can hold them, since existing data may already repeat a number); some
/// administrator whom no administrator locked always remains; nobody locks or deletes themselves. Locking, resetting a
/// password and changing roles change the security stamp, so existing sessions end at their next validation.
/// </summary>
public sealed partial class UserAdministration(
    IServiceScopeFactory scopes,
    IUserDirectory directory,
    IValidator<NewUserInput> newUserValidator,
    IValidator<UserEdit> editValidator,
    TimeProvider clock,
    IStringLocalizer<UsersText> L,
    ILogger<UserAdministration> logger) : IUserAdministration
{
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(NewUserInput input, CancellationToken ct = default) =>
        Errors(await newUserValidator.ValidateAsync(Clean(input), ct));

    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(string userId, UserEditInput input, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return new Dictionary<string, string[]>();
        }

        return Errors(await editValidator.ValidateAsync(Merge(user, await users.GetRolesAsync(user), input), ct));
    }

    public async Task<StoreResult<CreatedUser>> CreateAsync(NewUserInput input, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        input = Clean(input);
        var errors = Errors(await newUserValidator.ValidateAsync(input, ct));
        if (errors.Count > 0)
        {
            return StoreResult<CreatedUser>.Invalid(errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var generated = input.GeneratePassword ? PasswordGenerator.Generate(Math.Max(24, users.Options.Password.RequiredLength)) : null;
        var user = new AppUser
        {
            UserName = ((IUserFields)input).UserName,
            DisplayName = input.DisplayName,
            Email = input.Email,
            EmailConfirmed = input.Email is not null,
            PhoneNumber = input.PhoneNumber,
            PhoneNumberConfirmed = input.PhoneNumber is not null,
            MustChangePassword = generated is not null,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            if (await PhoneTakenAsync(db, input.PhoneNumber, null, ct) is { } phoneTaken)
            {
                return StoreResult<CreatedUser>.Invalid(phoneTaken);
            }

            var created = await users.CreateAsync(user, generated ?? input.Password!);
            if (!created.Succeeded)
            {
                return StoreResult<CreatedUser>.Invalid(IdentityErrors(created, users.Options));
            }

            foreach (var role in Canonical(input.Roles))
            {
                Ensure(await users.AddToRoleAsync(user, role), "grant a role");
            }

            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin saved the same user at the same moment: the unique index or the database's serialisation
            // was the arbiter, and a second look names what is now taken.
            if (Errors(await newUserValidator.ValidateAsync(input, ct)) is { Count: > 0 } raced)
            {
                return StoreResult<CreatedUser>.Invalid(raced);
            }

            throw;
        }

        logger.LogInformation("User {UserId} created by {ActorId}, roles [{Roles}], password {PasswordKind}.",
            user.Id, ActorId(actor), string.Join(", ", Canonical(input.Roles)), generated is null ? "given" : "generated");
        return StoreResult<CreatedUser>.Ok(new CreatedUser((await directory.GetAsync(user.Id, ct))!, generated));
    }

    public async Task<StoreResult<UserDetails>> UpdateAsync(string userId, UserEditInput input, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return StoreResult<UserDetails>.NotFound();
        }

        var currentRoles = await users.GetRolesAsync(user);
        var edit = Merge(user, currentRoles, input);
        var errors = Errors(await editValidator.ValidateAsync(edit, ct));
        if (errors.Count > 0)
        {
            return StoreResult<UserDetails>.Invalid(errors);
        }

        var roles = Canonical(edit.Roles);
        var added = roles.Except(currentRoles, StringComparer.Ordinal).ToList();
        var removed = currentRoles.Except(roles, StringComparer.Ordinal).ToList();
        var actorId = ActorId(actor);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            if (removed.Contains(AppRoles.Admin))
            {
                await SerializeAdminChangesAsync(db, ct);
                if (await IsLastAdminAsync(db, userId, ct))
                {
                    return StoreResult<UserDetails>.Conflict(LastAdminMessage(user, actorId));
                }
            }

            if (await PhoneTakenAsync(db, edit.PhoneNumber, userId, ct) is { } phoneTaken)
            {
                return StoreResult<UserDetails>.Invalid(phoneTaken);
            }

            user.DisplayName = edit.DisplayName;
            if (!string.Equals(user.UserName, edit.UserName, StringComparison.Ordinal))
            {
                // Not SetUserNameAsync: a new sign-in name is no reason to end the user's sessions.
                user.UserName = edit.UserName;
                await users.UpdateNormalizedUserNameAsync(user);
            }

            if (!string.Equals(user.Email, edit.Email, StringComparison.Ordinal))
            {
                user.Email = edit.Email;
                user.EmailConfirmed = edit.Email is not null;
                await users.UpdateNormalizedEmailAsync(user);
            }

            if (!string.Equals(user.PhoneNumber, edit.PhoneNumber, StringComparison.Ordinal))
            {
                user.PhoneNumber = edit.PhoneNumber;
                user.PhoneNumberConfirmed = edit.PhoneNumber is not null;
            }

            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                return updated.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                    ? StoreResult<UserDetails>.Conflict(L["ChangedMeanwhile"])
                    : StoreResult<UserDetails>.Invalid(IdentityErrors(updated, users.Options));
            }

            if (added.Count > 0 || removed.Count > 0)
            {
                Ensure(await users.AddToRolesAsync(user, added), "grant roles");
                Ensure(await users.RemoveFromRolesAsync(user, removed), "revoke roles");
                Ensure(await users.UpdateSecurityStampAsync(user), "change the security stamp");
            }

            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (Errors(await editValidator.ValidateAsync(edit, ct)) is { Count: > 0 } raced)
            {
                return StoreResult<UserDetails>.Invalid(raced);
            }

            throw;
        }

        logger.LogInformation("User {UserId} edited by {ActorId}; roles granted [{Added}], revoked [{Removed}].",
            userId, actorId, string.Join(", ", added), string.Join(", ", removed));
        return StoreResult<UserDetails>.Ok((await directory.GetAsync(userId, ct))!);
    }

    public async Task<StoreResult<UserDetails>> LockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var actorId = ActorId(actor);
        var (user, refusal) = await FindRemovableAsync(db, users, userId, actorId, "CannotLockSelf", ct);
        if (user is null)
        {
            return refusal is null ? StoreResult<UserDetails>.NotFound() : StoreResult<UserDetails>.Conflict(refusal);
        }

        // One save: the lock and the new stamp (which ends the user's sessions) land together.
        user.LockedByAdminAt = clock.GetUtcNow().UtcDateTime;
        Ensure(await users.UpdateSecurityStampAsync(user), "lock the user");
        await tx.CommitAsync(ct);
        logger.LogInformation("User {UserId} locked by {ActorId}; the user's security stamp changed.", userId, actorId);
        return StoreResult<UserDetails>.Ok((await directory.GetAsync(userId, ct))!);
    }

    public async Task<StoreResult<UserDetails>> UnlockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return StoreResult<UserDetails>.NotFound();
        }

        // Also ends a lockout after too many wrong passwords, and forgets those attempts.
        user.LockedByAdminAt = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        Ensure(await users.UpdateAsync(user), "unlock the user");
        logger.LogInformation("User {UserId} unlocked by {ActorId}.", userId, ActorId(actor));
        return StoreResult<UserDetails>.Ok((await directory.GetAsync(userId, ct))!);
    }

    public async Task<StoreResult<string>> ResetPasswordAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default)
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
            Ensure(await users.RemovePasswordAsync(user), "remove the old password");
        }

        // Both steps change the security stamp: every existing session ends at its next validation.
        var added = await users.AddPasswordAsync(user, password);
        if (!added.Succeeded)
        {
            // Only an operator's password policy stricter than any generated password gets here.
            return StoreResult<string>.Conflict(string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        await tx.CommitAsync(ct);
        logger.LogInformation("Password of user {UserId} reset by {ActorId}; it must be changed at the next sign-in.", userId, ActorId(actor));
        return StoreResult<string>.Ok(password);
    }

    public async Task<StoreResult<bool>> DeleteAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var actorId = ActorId(actor);
        var (user, refusal) = await FindRemovableAsync(db, users, userId, actorId, "CannotDeleteSelf", ct);
        if (user is null)
        {
            return refusal is null ? StoreResult<bool>.NotFound() : StoreResult<bool>.Conflict(refusal);
        }

        // The database cascades the delete to the user's bindings, roles, claims, logins and tokens.
        Ensure(await users.DeleteAsync(user), "delete the user");
        await tx.CommitAsync(ct);
        logger.LogInformation("User {UserId} deleted by {ActorId}.", userId, actorId);
        return StoreResult<bool>.Ok(true);
    }

    /// <summary>
    /// The first statement of every transaction that may take an administrator away: writing the Admin role's row makes
    /// each such transaction wait for the one before it and then count afresh, so two admins demoting each other at once
    /// cannot both succeed (and SQL Server blocks instead of failing one of them as a deadlock victim).
    /// </summary>
    private static Task SerializeAdminChangesAsync(AppDbContext db, CancellationToken ct) =>
        db.Roles.Where(r => r.Name == AppRoles.Admin).ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, r => r.ConcurrencyStamp), ct);

    /// <summary>
    /// For lock and delete, which take a user out of reach: the user, or why not (null and null: no such user).
    /// Nobody does it to themselves, and never to the last administrator who can sign in.
    /// </summary>
    private async Task<(AppUser? User, string? Refusal)> FindRemovableAsync(
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
    private static async Task<bool> IsLastAdminAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == AppRoles.Admin).Select(r => r.Id).FirstOrDefaultAsync(ct);
        return !await db.UserRoles.Where(ur => ur.RoleId == roleId && ur.UserId != userId)
            .Join(db.Users, ur => ur.UserId, u => u.Id, (ur, u) => u)
            .AnyAsync(u => u.LockedByAdminAt == null, ct);
    }

    private string LastAdminMessage(AppUser user, string? actorId) =>
        user.Id == actorId ? L["LastAdminSelf"] : L["LastAdmin", user.DisplayName ?? user.UserName ?? user.Id];

    private async Task<Dictionary<string, string[]>?> PhoneTakenAsync(AppDbContext db, string? phone, string? exceptId, CancellationToken ct) =>
        UserUniqueness.PhoneKey(phone) is { } key && await UserUniqueness.PhoneTakenAsync(db, key, exceptId, ct)
            ? new Dictionary<string, string[]> { ["phoneNumber"] = [L["PhoneTaken"]] }
            : null;

    private static string? ActorId(ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.NameIdentifier);

    private static NewUserInput Clean(NewUserInput input) => input with
    {
        DisplayName = Trimmed(input.DisplayName),
        UserName = Trimmed(input.UserName),
        Email = Trimmed(input.Email),
        PhoneNumber = Trimmed(input.PhoneNumber),
        Roles = input.Roles?.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList() ?? [],
        Password = string.IsNullOrEmpty(input.Password) ? null : input.Password,
    };

    /// <summary>The edit as it would be saved: null keeps the stored value, blank clears it.</summary>
    private static UserEdit Merge(AppUser user, IList<string> roles, UserEditInput input) => new(
        user.Id,
        input.DisplayName is null ? user.DisplayName : Trimmed(input.DisplayName),
        input.UserName is null ? user.UserName : Trimmed(input.UserName),
        input.Email is null ? user.Email : Trimmed(input.Email),
        input.PhoneNumber is null ? user.PhoneNumber : Trimmed(input.PhoneNumber),
        input.Roles?.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList() ?? [.. roles]);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Canonical(IReadOnlyList<string>? roles) =>
        [.. AppRoles.All.Where(known => roles?.Contains(known, StringComparer.OrdinalIgnoreCase) == true)];

    private static Dictionary<string, string[]> Errors(ValidationResult result) =>
        result.Errors
            .GroupBy(e => IndexSuffix().Replace(e.PropertyName, ""), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

    private Dictionary<string, string[]> IdentityErrors(IdentityResult result, IdentityOptions options) =>
        result.Errors
            .GroupBy(PasswordRules.FieldOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray(), StringComparer.Ordinal);

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex IndexSuffix();
}

public static class UserAdministrationSetup
{
    public static WebApplicationBuilder AddUserAdministration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<UserUniqueness>();
        services.AddScoped<PasswordRules>();
        services.AddScoped<UserFieldsValidator>();
        services.AddScoped<IValidator<NewUserInput>, NewUserValidator>();
        services.AddScoped<IValidator<UserEdit>, UserEditValidator>();
        services.AddScoped<IUserAdministration, UserAdministration>();
        return builder;
    }
}
