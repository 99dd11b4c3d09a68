using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>
/// Identity resolves its stamp validator, and with it a SignInManager and a UserManager, on every request that carries
/// the cookie, only for the validator to find that the interval has not passed. This makes the same interval check
/// first (Identity's own rule: no issue time, or older than the interval) and builds <see cref="AppSecurityStampValidator"/>
/// only when a check is due.
/// </summary>
internal sealed class DeferredSecurityStampValidator(IOptions<SecurityStampValidatorOptions> options) : ISecurityStampValidator
{
    public Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var settings = options.Value;
        var issued = context.Properties.IssuedUtc;
        var now = (settings.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (issued is { } at && now - at <= settings.ValidationInterval)
        {
            return Task.CompletedTask;
        }

        return context.HttpContext.RequestServices.GetRequiredService<AppSecurityStampValidator>().ValidateAsync(context);
    }
}
