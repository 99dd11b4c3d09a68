using System.Data;
using System.Security.Claims;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Users;

/// <summary>
/// The rules: emails, user names and phone numbers stay unique (phones in their normalised form, checked inside a
/// serializable transaction: no unique index can hold them, since existing data may already repeat a number); some
/// administrator whom no administrator locked always remains; nobody locks or deletes themselves. Locking, resetting a
/// password end the user's server-side sessions at once; a role change (like any stamp change) ends them at their next validation.
/// </summary>
public sealed partial class UserAdministration(
    IServiceScopeFactory scopes,
    IUserDirectory directory,
    IValidator<NewUserInput> newUserValidator,
    IValidator<UserEdit> editValidator,
    AdministratorGuard guard,
    TimeProvider clock,
    SessionDirectory sessions,
    IStringLocalizer<UsersText> L,
    ILogger<UserAdministration> logger) : IUserAdministration
{
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(NewUserInput input, CancellationToken ct = default) =>
        UserInputs.Errors(await newUserValidator.ValidateAsync(UserInputs.Clean(input), ct));

    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(string userId, UserEditInput input, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return new Dictionary<string, string[]>();
        }

        return UserInputs.Errors(await editValidator.ValidateAsync(UserInputs.Merge(user, await users.GetRolesAsync(user), input), ct));
    }

    public async Task<StoreResult<CreatedUser>> CreateAsync(NewUserInput input, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        input = UserInputs.Clean(input);
        var errors = UserInputs.Errors(await newUserValidator.ValidateAsync(input, ct));
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
                return StoreResult<CreatedUser>.Invalid(UserInputs.IdentityErrors(created));
            }

            foreach (var role in UserInputs.Canonical(input.Roles))
            {
                UserInputs.Ensure(await users.AddToRoleAsync(user, role), "grant a role");
            }

            await AuditTrail.WriteAsync(db, clock, AuditEventTypes.UserCreated, UserInputs.ActorId(actor), user.Id, detail: AuditTrail.RoleChange(UserInputs.Canonical(input.Roles), []), cancellationToken: ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin saved the same user at the same moment: the unique index or the database's serialisation
            // was the arbiter, and a second look names what is now taken.
            if (UserInputs.Errors(await newUserValidator.ValidateAsync(input, ct)) is { Count: > 0 } raced)
            {
                return StoreResult<CreatedUser>.Invalid(raced);
            }

            throw;
        }

        logger.LogInformation("User {UserId} created by {ActorId}, roles [{Roles}], password {PasswordKind}.",
            user.Id, UserInputs.ActorId(actor), string.Join(", ", UserInputs.Canonical(input.Roles)), generated is null ? "given" : "generated");
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
        var edit = UserInputs.Merge(user, currentRoles, input);
        var errors = UserInputs.Errors(await editValidator.ValidateAsync(edit, ct));
        if (errors.Count > 0)
        {
            return StoreResult<UserDetails>.Invalid(errors);
        }

        var roles = UserInputs.Canonical(edit.Roles);
        var added = roles.Except(currentRoles, StringComparer.Ordinal).ToList();
        var removed = currentRoles.Except(roles, StringComparer.Ordinal).ToList();
        var actorId = UserInputs.ActorId(actor);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            if (removed.Contains(AppRoles.Admin))
            {
                await AdministratorGuard.SerializeAdminChangesAsync(db, ct);
                if (await AdministratorGuard.IsLastAdminAsync(db, userId, ct))
                {
                    return StoreResult<UserDetails>.Conflict(guard.LastAdminMessage(user, actorId));
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
                    : StoreResult<UserDetails>.Invalid(UserInputs.IdentityErrors(updated));
            }

            if (added.Count > 0 || removed.Count > 0)
            {
                UserInputs.Ensure(await users.AddToRolesAsync(user, added), "grant roles");
                UserInputs.Ensure(await users.RemoveFromRolesAsync(user, removed), "revoke roles");
                UserInputs.Ensure(await users.UpdateSecurityStampAsync(user), "change the security stamp");
                AuditTrail.Stage(db, clock, AuditEventTypes.RolesChanged, actorId, userId, detail: AuditTrail.RoleChange(added, removed));
            }

            await AuditTrail.WriteAsync(db, clock, AuditEventTypes.UserEdited, actorId, userId, cancellationToken: ct);
            await tx.CommitAsync(ct);
            await sessions.EndAllIfAsync(added.Count > 0 || removed.Count > 0, userId, actorId == userId ? SessionClaims.IdOf(actor) : null, ct, actorId);
        }
        catch (DbUpdateException)
        {
            if (UserInputs.Errors(await editValidator.ValidateAsync(edit, ct)) is { Count: > 0 } raced)
            {
                return StoreResult<UserDetails>.Invalid(raced);
            }

            throw;
        }

        logger.LogInformation("User {UserId} edited by {ActorId}; roles granted [{Added}], revoked [{Removed}].",
            userId, actorId, string.Join(", ", added), string.Join(", ", removed));
        return StoreResult<UserDetails>.Ok((await directory.GetAsync(userId, ct))!);
    }

    private async Task<Dictionary<string, string[]>?> PhoneTakenAsync(AppDbContext db, string? phone, string? exceptId, CancellationToken ct) =>
        UserUniqueness.PhoneKey(phone) is { } key && await UserUniqueness.PhoneTakenAsync(db, key, exceptId, ct)
            ? new Dictionary<string, string[]> { ["phoneNumber"] = [L["PhoneTaken"]] }
            : null;
}
