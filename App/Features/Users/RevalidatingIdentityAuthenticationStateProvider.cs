using System.Security.Claims;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>
/// Ends a live console circuit once the user's security stamp changes (lock, password, roles, a removed binding),
/// an administrator locks the user (never the timed lockout after wrong passwords), the authenticator they signed in through is no longer usable,
/// or its session ended (signed out, ended from a sessions list, past its absolute lifetime).
/// </summary>
internal sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<SecurityOptions> securityOptions,
    AuthenticatorSnapshot authenticators,
    SessionDirectory sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>
    /// The circuit loop's pause never drops below this: with a zero interval (cookies checked on every request) the loop
    /// would otherwise spin without yielding, because SQLite's async calls complete synchronously.
    /// </summary>
    internal static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    protected override TimeSpan RevalidationInterval =>
        securityOptions.Value.SessionRevalidationInterval < MinimumInterval ? MinimumInterval : securityOptions.Value.SessionRevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        IsStillValidAsync(state.User);

    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        if (!SignInMethod.IsStillUsable(principal, authenticators.Current))
        {
            return false;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsLockedByAdmin || !await sessions.IsActiveAsync(SessionClaims.IdOf(principal), user.Id))
        {
            return false;
        }

        var principalStamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
