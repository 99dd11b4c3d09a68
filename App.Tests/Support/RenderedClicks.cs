using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace BlazorAuth.Tests.Support;

public static class RenderedClicks
{
    /// <summary>
    /// Finds the element and clicks it in one turn of the renderer's dispatcher, and waits for the handler. A
    /// separate <c>Find</c> and <c>Click</c> leave a gap in which a render queued by MudBlazor (an input settling its
    /// validation, the popover or dialog provider) re-renders the button with a new event-handler id; bunit retires the
    /// old id at once, so the click then fails with <c>UnknownEventHandlerIdException</c> (seen once in CI).
    /// </summary>
    public static Task ClickAsync<TComponent>(this IRenderedComponent<TComponent> cut, Func<IElement> find)
        where TComponent : IComponent =>
        cut.InvokeAsync(() => find().ClickAsync(new MouseEventArgs()));

    /// <summary><see cref="ClickAsync{TComponent}(IRenderedComponent{TComponent}, Func{IElement})"/> for the button
    /// under <paramref name="scope"/> (a selector, or "" for anywhere) that reads <paramref name="text"/>.</summary>
    public static Task ClickButtonAsync<TComponent>(this IRenderedComponent<TComponent> cut, string scope, string text)
        where TComponent : IComponent =>
        cut.ClickAsync(() => cut.FindAll(scope.Length == 0 ? "button" : $"{scope} button").Single(b => b.TextContent.Trim() == text));
}
