using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// The status pages opened by their own address answer with the status they show, so a monitor or a crawler never
/// takes an error page for a working one; re-executed for another request, they keep that request's status.
/// </summary>
public sealed class StatusPageTests(SharedApp shared) : IClassFixture<SharedApp>
{
    [Theory]
    [InlineData("/error/403", HttpStatusCode.Forbidden, "Access denied")]
    [InlineData("/error/404", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("/error/429", HttpStatusCode.TooManyRequests, "Too many requests")]
    [InlineData("/error/500", HttpStatusCode.InternalServerError, "Something went wrong")]
    [InlineData("/not-found", HttpStatusCode.NotFound, "Page not found")]
    public async Task A_status_page_opened_directly_answers_with_the_status_it_shows(string path, HttpStatusCode expected, string title)
    {
        using var browser = shared.App.CreateBrowser();

        var (status, html) = await browser.GetPageAsync(path);

        Assert.Equal(expected, status);
        Assert.Contains($">{title}</h1>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/error/-1")]
    [InlineData("/error/418")]
    [InlineData("/error/200")]
    [InlineData("/error/404/")]
    [InlineData("/ERROR/-1")]
    public async Task A_status_page_for_a_code_it_does_not_know_is_not_found(string path)
    {
        using var browser = shared.App.CreateBrowser();

        var (status, html) = await browser.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains(">Page not found</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_page_keeps_its_404_when_the_status_page_is_shown_for_it()
    {
        using var browser = shared.App.CreateBrowser();

        var (status, html) = await browser.GetPageAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains(">Page not found</h1>", html, StringComparison.Ordinal);
    }
}
