using BlazorAuth.Features.Authenticators;

namespace BlazorAuth.Features.Plugins;

/// <summary>Every plugin and auth type compiled into the app, as registered by each feature's Add…Plugin call.</summary>
public sealed class PluginCatalog(IEnumerable<PluginDefinition> plugins, IEnumerable<AuthTypeDefinition> authTypes)
{
    public IReadOnlyList<PluginDefinition> Plugins { get; } = [.. plugins];

    public IReadOnlyList<AuthTypeDefinition> AuthTypes { get; } = [.. authTypes];

    public PluginDefinition? FindPlugin(string name) =>
        Plugins.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    public AuthTypeDefinition? FindType(string name) =>
        AuthTypes.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}

public static class PluginRegistration
{
    /// <summary>Registers a plugin and the auth types it brings. A new auth type is one folder plus one such call.</summary>
    public static IServiceCollection AddAuthPlugin(this IServiceCollection services, PluginDefinition plugin, params AuthTypeDefinition[] authTypes)
    {
        services.AddSingleton(plugin);
        foreach (var type in authTypes)
        {
            if (type.PluginName != plugin.Name)
            {
                throw new InvalidOperationException($"Auth type '{type.Name}' names plugin '{type.PluginName}' but is registered by '{plugin.Name}'.");
            }

            AuthTypeComponents.Verify(type);
            services.AddSingleton(type);
            // The type's own IValidator<TOptions>, adapted once here so that nothing asks the container for it by type later.
            var adapter = typeof(AuthOptionsValidator<>).MakeGenericType(type.OptionsType);
            services.AddScoped(sp => (IAuthOptionsValidator)ActivatorUtilities.CreateInstance(sp, adapter, type.Name));
        }

        return services;
    }
}
