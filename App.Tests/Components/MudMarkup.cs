using AngleSharp.Dom;

namespace BlazorAuth.Tests.Components;

/// <summary>Reads what a person sees around a MudBlazor input, found by the input's id.</summary>
public static class MudMarkup
{
    /// <summary>The error message shown under the input, or null when the field shows none.</summary>
    public static string? ErrorUnder(this IElement input) =>
        input.Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text.mud-input-error .me-auto")?.TextContent.Trim();

    /// <summary>The helper or error text under the input, without the character counter.</summary>
    public static string? HelperUnder(this IElement input) =>
        input.Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text .me-auto")?.TextContent.Trim();
}
