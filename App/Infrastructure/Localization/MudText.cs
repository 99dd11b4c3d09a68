namespace BlazorAuth.Infrastructure.Localization;

/// <summary>MudBlazor's built-in texts that the app shows, in zh-CN and nl-NL (no translation package is served).</summary>
public sealed class MudText;
