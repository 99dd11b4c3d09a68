using System.Security.Claims;
using BlazorAuth.Infrastructure.Hosting;

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
