using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>Identity's sign-in manager, which also refuses every sign-in of a user an administrator locked.</summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>Keeps the current session (and its key): the claims change, the person does not.</summary>
    public override async Task RefreshSignInAsync(AppUser user)
    {
        using var refreshing = BlazorAuth.Features.Sessions.SessionSignIn.Refreshing(Context);
        await base.RefreshSignInAsync(user);
    }

    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        BlazorAuth.Features.Audit.AuditNotes.User(Context, user.Id);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
    }

    public override async Task<bool> CanSignInAsync(AppUser user) => !user.IsLockedByAdmin && await base.CanSignInAsync(user);
}
