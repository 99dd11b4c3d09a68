using System.Security.Claims;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>
/// The claims of a signed-in user: id, name, email, security stamp, roles, and the app's own. The app keeps no user
/// claims and no role claims, so unlike Identity's role-aware factory this one does not read AspNetUserClaims, nor
/// look every role up by name and read its claims: one query (the roles) instead of four for an administrator, on
/// every sign-in and every stamp revalidation. That query is compiled once, as Identity's store's own is rebuilt
/// and looked up in EF's query cache on every call; <paramref name="db"/> is the request's context, the store's.
/// </summary>
internal sealed class AppClaimsPrincipalFactory(UserManager<AppUser> userManager, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser>(userManager, options)
{
    private static readonly Func<AppDbContext, string, IAsyncEnumerable<string>> RolesOf = EF.CompileAsyncQuery(
        (AppDbContext context, string userId) =>
            from userRole in context.UserRoles
            join role in context.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == userId
            select role.Name!);

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var types = Options.ClaimsIdentity;
        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme, types.UserNameClaimType, types.RoleClaimType);
        identity.AddClaim(new Claim(types.UserIdClaimType, user.Id));
        identity.AddClaim(new Claim(types.UserNameClaimType, user.UserName ?? ""));
        if (!string.IsNullOrEmpty(user.Email))
        {
            identity.AddClaim(new Claim(types.EmailClaimType, user.Email));
        }

        identity.AddClaim(new Claim(types.SecurityStampClaimType, user.SecurityStamp ?? ""));
        await foreach (var role in RolesOf(db, user.Id))
        {
            identity.AddClaim(new Claim(types.RoleClaimType, role));
        }

        identity.AddClaim(new Claim(AppClaimTypes.DisplayName, user.DisplayName ?? user.UserName ?? ""));
        if (!string.IsNullOrEmpty(user.AvatarUrl))
        {
            identity.AddClaim(new Claim(AppClaimTypes.AvatarUrl, user.AvatarUrl));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(AppClaimTypes.MustChangePassword, "true"));
        }

        return identity;
    }
}
