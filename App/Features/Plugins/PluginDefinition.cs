namespace BlazorAuth.Features.Plugins;

/// <summary>A plugin as the code defines it. Whether it is active lives in the database (<see cref="PluginState"/>).</summary>
/// <param name="TextResource">The resource type that holds <paramref name="TitleKey"/> and <paramref name="DescriptionKey"/>.</param>
public sealed record PluginDefinition(
    string Name,
    string PackageName,
    string Version,
    bool BuiltIn,
    Type TextResource,
    string TitleKey,
    string DescriptionKey);
