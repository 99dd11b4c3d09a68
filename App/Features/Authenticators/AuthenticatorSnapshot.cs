using System.Collections.Immutable;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Authenticators;

/// <summary>An immutable picture of the plugin states and authenticators, in sort order.</summary>
public sealed record AuthSnapshot(PluginCatalog Catalog, ImmutableDictionary<string, bool> PluginStates, ImmutableArray<Authenticator> Authenticators)
{
    public bool IsPluginActive(PluginDefinition plugin) => plugin.BuiltIn || PluginStates.GetValueOrDefault(plugin.Name);

    /// <summary>Enabled, of a known type, and its plugin is active: it may be offered and used to sign in.</summary>
    public bool IsUsable(Authenticator authenticator) =>
        authenticator.Enabled
        && Catalog.FindType(authenticator.Type) is { } type
        && Catalog.FindPlugin(type.PluginName) is { } plugin
        && IsPluginActive(plugin);

    public IEnumerable<Authenticator> Usable() => Authenticators.Where(IsUsable);

    public Authenticator? FindUsable(string name, string type) =>
        Authenticators.FirstOrDefault(a => a.Name == name && a.Type == type && IsUsable(a));
}

/// <summary>Told about every new snapshot, e.g. to add and remove authentication schemes.</summary>
public interface IAuthSnapshotListener
{
    void OnSnapshotChanged(AuthSnapshot snapshot);
}

/// <summary>
/// Keeps the authenticators in memory so that /signin and the authentication schemes never wait on the database.
/// Every write through <see cref="AuthenticatorStore"/> or <see cref="PluginService"/> reloads it, and
/// <see cref="AuthenticatorSnapshotRefresher"/> reloads it now and then for writes made by other instances.
/// Listeners hear only of snapshots that differ.
/// </summary>
public sealed class AuthenticatorSnapshot(
    IDbContextFactory<AppDbContext> contexts,
    PluginCatalog catalog,
    IEnumerable<IAuthSnapshotListener> listeners)
{
    private readonly SemaphoreSlim reloading = new(1, 1);
    private volatile AuthSnapshot current = new(catalog, ImmutableDictionary<string, bool>.Empty, []);
    private string? fingerprint;

    public AuthSnapshot Current => current;

    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var states = await db.Plugins.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Enabled, cancellationToken);
            var authenticators = await db.Authenticators.AsNoTracking().OrderBy(a => a.Sort).ThenBy(a => a.Id).ToListAsync(cancellationToken);
            var next = Fingerprint(states, authenticators);
            if (next == fingerprint)
            {
                return;
            }

            fingerprint = next;
            current = new AuthSnapshot(catalog, states.ToImmutableDictionary(StringComparer.Ordinal), [.. authenticators]);
            foreach (var listener in listeners)
            {
                listener.OnSnapshotChanged(current);
            }
        }
        finally
        {
            reloading.Release();
        }
    }

    private static string Fingerprint(Dictionary<string, bool> states, List<Authenticator> authenticators) =>
        string.Join('\n', states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")
            .Concat(authenticators.Select(a => $"{a.Id}|{a.Name}|{a.Type}|{a.Enabled}|{a.Sort}|{a.Title}|{a.Description}|{a.OptionsJson}|{a.ProtectedSecrets}")));

    public AuthTypeDefinition? TypeOf(Authenticator authenticator) => catalog.FindType(authenticator.Type);

    public IEnumerable<Authenticator> Usable() => current.Usable();

    public Authenticator? FindUsable(string name, string type) => current.FindUsable(name, type);
}
