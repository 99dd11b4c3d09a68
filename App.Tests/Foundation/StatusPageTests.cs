using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// The status pages opened by their own address answer with the status they show, so a monitor or a crawler never
/// takes an error page for a working one; re-executed for another request, they keep that request's status.
/// </summary>
public sealed class StatusPageTests(SharedProductionApp shared) : IClassFixture<SharedProductionApp>
{
    [Theory]
    [InlineData("/error/403", HttpStatusCode.Forbidden, "Access denied")]
    [InlineData("/error/404", HttpStatusCode.NotFound, "Page not found")]
    [InlineData("/error/405", HttpStatusCode.MethodNotAllowed, "Not possible here")]
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

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task A_missing_page_asked_with_another_method_is_not_found_with_the_page(string method)
    {
        using var browser = shared.App.CreateBrowser();

        using var response = await browser.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/no/such/page"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(">Page not found</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_page_asked_with_HEAD_is_not_found()
    {
        using var browser = shared.App.CreateBrowser();

        using var response = await browser.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/no/such/page"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public static TheoryData<string, HttpContent?> PostBodies => new()
    {
        { "none", null },
        { "json", new StringContent("{\"a\":1}", System.Text.Encoding.UTF8, "application/json") },
        { "form", new FormUrlEncodedContent([new("a", "b")]) },
        { "multipart without a boundary", new StringContent("x", null, "multipart/form-data") },
    };

    [Theory]
    [MemberData(nameof(PostBodies))]
    public async Task A_post_to_a_missing_page_is_not_found_not_a_server_error(string body, HttpContent? content)
    {
        using var browser = shared.App.CreateBrowser();

        using var response = await browser.Http.PostAsync("/no/such/page", content);

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"a post with {body} answered {(int)response.StatusCode}");
        Assert.Contains(">Page not found</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/error/403", HttpStatusCode.Forbidden, "Access denied")]
    [InlineData("/not-found", HttpStatusCode.NotFound, "Page not found")]
    public async Task A_status_page_posted_to_directly_answers_like_its_visit(string path, HttpStatusCode expected, string title)
    {
        using var browser = shared.App.CreateBrowser();

        using var response = await browser.Http.PostAsync(path, null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains($">{title}</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_asked_with_a_method_it_does_not_take_answers_405_with_a_page_naming_the_methods_it_takes()
    {
        using var browser = shared.App.CreateBrowser();

        using var response = await browser.Http.DeleteAsync("/signin");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains(">Not possible here</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switching_language_on_a_status_page_returns_to_the_address_asked_for()
    {
        using var browser = shared.App.CreateBrowser();

        var (status, html) = await browser.GetPageAsync("/no/such/page?x=1");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("name=\"returnUrl\" value=\"/no/such/page?x=1\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"/error/404\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/signin", HttpStatusCode.OK)]
    [InlineData("/admin", HttpStatusCode.Redirect)]
    public async Task A_page_asked_with_HEAD_answers_as_its_GET_without_a_body(string path, HttpStatusCode expected)
    {
        using var browser = shared.App.CreateBrowser();

        using var get = await browser.Http.GetAsync(path);
        using var head = await browser.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(expected, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Headers.Location, head.Headers.Location);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
