using BlazorAuth.Features.Plugins;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Authenticators;

/// <summary>
/// On install: a state row per plugin (built-in ones active, others not) and the "basic" Password authenticator.
/// "basic" is created only while there are no authenticators at all, so one an admin deleted stays deleted.
/// </summary>
internal sealed class AuthSeeder(AppDbContext db, PluginCatalog catalog, AuthenticatorSnapshot snapshot, TimeProvider clock) : ISeeder
{
    public const string BasicName = "basic";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var known = await db.Plugins.Select(p => p.Name).ToListAsync(cancellationToken);
        foreach (var plugin in catalog.Plugins.Where(p => !known.Contains(p.Name)))
        {
            db.Plugins.Add(new PluginState { Name = plugin.Name, Enabled = plugin.BuiltIn, UpdatedAt = now });
        }

        if (!await db.Authenticators.AnyAsync(cancellationToken))
        {
            db.Authenticators.Add(new Authenticator
            {
                Name = BasicName,
                Type = AuthenticatorRules.PasswordType,
                Enabled = true,
                Sort = 0,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await snapshot.ReloadAsync(cancellationToken);
    }
}
