using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class LockoutTests : IDisposable
{
    private readonly TestApp app = new(settings: new Dictionary<string, string?> { ["Identity:Lockout:MaxFailedAccessAttempts"] = "3" });

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    private async Task FailAsync(int times)
    {
        using var browser = app.CreateBrowser();
        for (var i = 0; i < times; i++)
        {
            using var response = await browser.SignInAsync(TestApp.AdminEmail, $"Wrong!Pass{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task After_the_configured_number_of_wrong_passwords_the_right_password_is_refused_too()
    {
        await FailAsync(3);
        using var browser = app.CreateBrowser();

        using var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(Html.AlertText(await response.Content.ReadAsStringAsync()));
        Assert.False(browser.HasSessionCookie());
    }

    [Fact]
    public async Task Fewer_wrong_passwords_than_the_limit_do_not_lock_the_account()
    {
        await FailAsync(2);
        using var browser = app.CreateBrowser();

        var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        Assert.Equal("/admin", response.RedirectTarget());
    }
}
