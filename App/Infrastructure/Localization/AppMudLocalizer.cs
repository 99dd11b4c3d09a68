using Microsoft.Extensions.Localization;
using MudBlazor;

namespace BlazorAuth.Infrastructure.Localization;

/// <summary>Feeds MudBlazor from MudText.resx; a key we lack falls back to MudBlazor's own English.</summary>
internal sealed class AppMudLocalizer(IStringLocalizer<MudText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}
