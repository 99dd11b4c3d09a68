using BlazorAuth.Features.Plugins;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

/// <summary>How an authenticator is named to people: its own title, else its type's title in their language, else its Auth UID.</summary>
public sealed class AuthenticatorTitles(PluginCatalog catalog, IStringLocalizerFactory localizers)
{
    public string OfType(AuthTypeDefinition type) => localizers.Create(type.TextResource)[type.TitleKey];

    public string Of(string name, string? title, string type) =>
        !string.IsNullOrWhiteSpace(title) ? title
        : catalog.FindType(type) is { } definition ? OfType(definition)
        : name;

    public string Of(Authenticator authenticator) => Of(authenticator.Name, authenticator.Title, authenticator.Type);
}
