using System.Collections.Immutable;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Authenticators;

/// <summary>An immutable picture of the plugin states and authenticators, in sort order.</summary>
public sealed record AuthSnapshot(ImmutableDictionary<string, bool> PluginStates, ImmutableArray<Authenticator> Authenticators)
{
    public static readonly AuthSnapshot Empty = new(ImmutableDictionary<string, bool>.Empty, []);

    public bool IsPluginActive(PluginDefinition plugin) => plugin.BuiltIn || PluginStates.GetValueOrDefault(plugin.Name);
}

/// <summary>
/// Keeps the authenticators in memory so that /signin and the authentication schemes never wait on the database.
/// Every write through <see cref="AuthenticatorStore"/> or <see cref="PluginService"/> reloads it.
/// </summary>
public sealed class AuthenticatorSnapshot(IDbContextFactory<AppDbContext> contexts, PluginCatalog catalog)
{
    private readonly SemaphoreSlim reloading = new(1, 1);
    private volatile AuthSnapshot current = AuthSnapshot.Empty;

    public event Action<AuthSnapshot>? Changed;

    public AuthSnapshot Current => current;

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var states = await db.Plugins.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Enabled, cancellationToken);
            var authenticators = await db.Authenticators.AsNoTracking().OrderBy(a => a.Sort).ThenBy(a => a.Id).ToListAsync(cancellationToken);
            current = new AuthSnapshot(states.ToImmutableDictionary(StringComparer.Ordinal), [.. authenticators]);
        }
        finally
        {
            reloading.Release();
        }

        Changed?.Invoke(current);
    }

    public AuthTypeDefinition? TypeOf(Authenticator authenticator) => catalog.FindType(authenticator.Type);

    /// <summary>Enabled, of a known type, and its plugin is active: it may be offered and used to sign in.</summary>
    public bool IsUsable(Authenticator authenticator, AuthSnapshot? snapshot = null)
    {
        snapshot ??= current;
        return authenticator.Enabled
            && catalog.FindType(authenticator.Type) is { } type
            && catalog.FindPlugin(type.PluginName) is { } plugin
            && snapshot.IsPluginActive(plugin);
    }

    public IEnumerable<Authenticator> Usable() => current.Authenticators.Where(a => IsUsable(a));

    public Authenticator? FindUsable(string name, string type) =>
        current.Authenticators.FirstOrDefault(a => a.Name == name && a.Type == type && IsUsable(a));
}
