using System.Security.Claims;
using BlazorAuth.Features.Authenticators;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>
/// The application cookie's check, run by Identity's <see cref="SecurityStampValidator.ValidatePrincipalAsync"/> once
/// every <c>Security:SessionRevalidationInterval</c>. Besides the security stamp, a session is refused when the
/// authenticator it was signed in through is no longer usable (disabled, deleted, plugin deactivated: an in-memory
/// lookup) and when an administrator locked the user. The timed lockout after wrong passwords ends no session: it limits
/// password sign-in from unknown browsers and nothing else, so a stranger cannot use it to throw the owner out.
/// </summary>
internal sealed class AppSecurityStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<AppUser> signInManager,
    ILoggerFactory loggers,
    AuthenticatorSnapshot authenticators)
    : SecurityStampValidator<AppUser>(options, signInManager, loggers)
{
    protected override async Task<AppUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        if (!SignInMethod.IsStillUsable(principal, authenticators.Current))
        {
            Logger.LogInformation("Session of user {UserId} ended: authenticator {Authenticator} is no longer usable.",
                principal is null ? null : SignInManager.UserManager.GetUserId(principal), SignInMethod.Of(principal));
            return null;
        }

        var user = await base.VerifySecurityStamp(principal);
        return user is { IsLockedByAdmin: false } ? user : null;
    }
}
