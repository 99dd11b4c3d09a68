namespace BlazorAuth.Features.Plugins;

public sealed class PluginsText;
