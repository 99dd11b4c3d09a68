using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Users;

/// <summary>
/// Identity's validator with <c>RequireUniqueEmail</c> also demands an email, yet users signed up through DingTalk may have
/// none (DingTalk's email is optional, and it is kept off the user when another user has it). An email stays unique when given.
/// </summary>
internal sealed class OptionalEmailUserValidator(IdentityErrorDescriber? errors = null) : UserValidator<AppUser>(errors)
{
    public override async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        var result = await base.ValidateAsync(manager, user);
        if (result.Succeeded || !string.IsNullOrEmpty(await manager.GetEmailAsync(user)))
        {
            return result;
        }

        var missingEmail = Describer.InvalidEmail(null).Code;
        var rest = result.Errors.Where(e => e.Code != missingEmail).ToArray();
        return rest.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(rest);
    }
}
