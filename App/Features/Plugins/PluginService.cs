using System.Data;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Plugins;

public sealed record PluginView(string Name, string PackageName, string Title, string Description, string Version, bool BuiltIn, bool Enabled);

public sealed class PluginService(
    IDbContextFactory<AppDbContext> contexts,
    PluginCatalog catalog,
    AuthenticatorSnapshot snapshot,
    AuthenticatorRules rules,
    IStringLocalizerFactory localizers,
    IStringLocalizer<PluginsText> L,
    TimeProvider clock,
    AuditActor actor,
    ILogger<PluginService> logger)
{
    public async Task<IReadOnlyList<PluginView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var states = await db.Plugins.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Enabled, ct);
        return [.. catalog.Plugins.Select(p => ToView(p, p.BuiltIn || states.GetValueOrDefault(p.Name)))];
    }

    public async Task<StoreResult<PluginView>> SetEnabledAsync(string name, bool enabled, CancellationToken ct = default)
    {
        if (catalog.FindPlugin(name) is not { } plugin)
        {
            return StoreResult<PluginView>.NotFound();
        }

        if (plugin.BuiltIn)
        {
            return enabled ? StoreResult<PluginView>.Ok(ToView(plugin, true)) : StoreResult<PluginView>.Conflict(L["BuiltInAlwaysActive"]);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var state = await db.Plugins.FirstOrDefaultAsync(p => p.Name == name, ct);
        if (state is null)
        {
            state = new PluginState { Name = name };
            db.Plugins.Add(state);
        }

        if (state.Enabled && !enabled && await rules.RefuseAsync(db, [], [], name, ct) is { } refusal)
        {
            return StoreResult<PluginView>.Conflict(refusal);
        }

        AuditTrail.Stage(db, clock, AuditEventTypes.PluginSwitched, await actor.IdAsync(), detail: $"{name}={(enabled ? "on" : "off")}");
        state.Enabled = enabled;
        state.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Plugin {Plugin} {State}.", name, enabled ? "activated" : "deactivated");
        await snapshot.ReloadAsync(ct);
        return StoreResult<PluginView>.Ok(ToView(plugin, enabled));
    }

    private PluginView ToView(PluginDefinition plugin, bool enabled)
    {
        var text = localizers.Create(plugin.TextResource);
        return new PluginView(plugin.Name, plugin.PackageName, text[plugin.TitleKey], text[plugin.DescriptionKey], plugin.Version, plugin.BuiltIn, enabled);
    }
}
