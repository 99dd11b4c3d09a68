namespace BlazorAuth.Infrastructure.Localization;

/// <summary>Texts shared by the layouts, navigation and status pages.</summary>
public sealed class CommonText;
