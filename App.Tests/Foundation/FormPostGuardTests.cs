using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>Every form endpoint answers a post without a valid antiforgery token with a 400 page people can read, never a 500.</summary>
public sealed class FormPostGuardTests : IDisposable
{
    private readonly TestApp app = new(environment: "Production");

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Theory]
    [InlineData("/culture", "culture=nl-NL&returnUrl=%2F")]
    [InlineData("/signout", "")]
    [InlineData("/signin", "_handler=%5Bbasic%5Dpassword-signin&Input.Login=a&Input.Password=b")]
    [InlineData("/account/password", "_handler=change-password&Input.NewPassword=a")]
    public async Task A_form_post_without_an_antiforgery_token_gets_the_400_page(string path, string form)
    {
        using var browser = app.CreateBrowser();

        using var response = await browser.Http.PostAsync(path, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || response.StatusCode == HttpStatusCode.Redirect,
            $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Request not accepted", html, StringComparison.Ordinal);
        }
        else
        {
            // Pages for signed-in people send an anonymous post to /signin first.
            Assert.StartsWith("/signin", response.RedirectTarget(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_signed_in_users_account_post_without_a_token_gets_the_400_page()
    {
        using var browser = app.CreateBrowser();
        using (await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword))
        {
        }

        foreach (var path in new[] { "/account/unlink/basic", "/account/password", "/signout", "/culture" })
        {
            using var response = await browser.Http.PostAsync(path,
                new StringContent("_handler=change-password&culture=en-US", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("Request not accepted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
