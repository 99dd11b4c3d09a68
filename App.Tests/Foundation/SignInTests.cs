using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class SignInTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    [Fact]
    public async Task Admin_with_right_password_lands_on_the_console()
    {
        using var browser = app.CreateBrowser();

        var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        Assert.Equal("/admin", response.RedirectTarget());
        var console = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        var css = await browser.GetAsync("/_content/MudBlazor/MudBlazor.min.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }
}
