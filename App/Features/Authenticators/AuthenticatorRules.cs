using BlazorAuth.Features.Plugins;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

/// <summary>
/// The two rules every change must keep: some authenticator stays usable, and admins are not locked out.
/// Callers check inside their write transaction, so two admins cannot each remove "the other last one".
/// </summary>
public sealed class AuthenticatorRules(PluginCatalog catalog, IStringLocalizer<AuthenticatorsText> L)
{
    public const string PasswordType = BlazorAuth.Features.Password.PasswordPlugin.TypeName;

    public async Task<string?> RefuseAsync(
        AppDbContext db, IReadOnlyCollection<int> disabled, IReadOnlyCollection<int> deleted, string? deactivatedPlugin, CancellationToken ct)
    {
        var states = await db.Plugins.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Enabled, ct);
        if (deactivatedPlugin is not null)
        {
            states[deactivatedPlugin] = false;
        }

        var all = await db.Authenticators.AsNoTracking().ToListAsync(ct);
        bool UsableAfter(Authenticator a) =>
            !deleted.Contains(a.Id) && !disabled.Contains(a.Id) && a.Enabled
            && catalog.FindType(a.Type) is { } type && catalog.FindPlugin(type.PluginName) is { } plugin
            && (plugin.BuiltIn || states.GetValueOrDefault(plugin.Name));

        var usableAfter = all.Where(UsableAfter).ToList();
        if (usableAfter.Count == 0)
        {
            return L["KeepOneEnabled"];
        }

        bool UsableNow(Authenticator a) => a.Enabled && catalog.FindType(a.Type) is not null;
        var passwordWasUsable = all.Any(a => a.Type == PasswordType && UsableNow(a));
        var passwordStaysUsable = usableAfter.Any(a => a.Type == PasswordType);
        if (passwordWasUsable && !passwordStaysUsable)
        {
            var others = usableAfter.Select(a => a.Id).ToList();
            var adminRoleId = await db.Roles.Where(r => r.Name == AppRoles.Admin).Select(r => r.Id).FirstOrDefaultAsync(ct);
            var adminCanSignIn = await db.UserBindings.AnyAsync(b =>
                others.Contains(b.AuthenticatorId)
                && db.UserRoles.Any(ur => ur.UserId == b.UserId && ur.RoleId == adminRoleId), ct);
            if (!adminCanSignIn)
            {
                return L["AdminLockout"];
            }
        }

        return null;
    }
}
