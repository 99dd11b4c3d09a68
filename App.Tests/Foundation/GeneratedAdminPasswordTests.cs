using System.Net;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>Production with no Admin:Password: the first password is generated, written to a private file, and must be changed.</summary>
public sealed class GeneratedAdminPasswordTests : IDisposable
{
    private const string NewPassword = "Brand-New!Pass789";

    private readonly TestApp app = new(environment: "Production", settings: new Dictionary<string, string?> { ["Admin:Password"] = "" });

    public void Dispose()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    private string PasswordFile => Path.Combine(app.Database.Folder, AdminOptions.PasswordFileName);

    private string ReadGeneratedPassword()
    {
        _ = app.BaseAddress;
        return File.ReadAllText(PasswordFile).Trim();
    }

    [Fact]
    public void The_generated_password_is_written_to_a_file_only_its_owner_can_read()
    {
        var password = ReadGeneratedPassword();

        Assert.True(password.Length >= 12, "The generated password is too short.");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PasswordFile));
        }
    }

    [Fact]
    public void The_log_says_where_the_password_file_is_but_never_the_password()
    {
        var password = ReadGeneratedPassword();

        Assert.Contains(PasswordFile, app.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(password, app.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_password_signs_in_and_leads_to_the_change_password_page()
    {
        using var browser = app.CreateBrowser();

        var response = await browser.SignInAsync(TestApp.AdminEmail, ReadGeneratedPassword());

        Assert.Equal("/account/password?returnUrl=%2Fadmin", response.RedirectTarget());
        var (status, page) = await browser.GetPageAsync("/account/password?returnUrl=%2Fadmin");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You must choose a new password before you continue.", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/")]
    public async Task Until_the_password_is_changed_other_pages_redirect_to_the_change_password_page(string page)
    {
        using var browser = app.CreateBrowser();
        await browser.SignInAsync(TestApp.AdminEmail, ReadGeneratedPassword());

        using var response = await browser.GetAsync(page);

        Assert.Equal($"/account/password?returnUrl={Uri.EscapeDataString(page)}", response.RedirectTarget());
    }

    [Fact]
    public async Task After_changing_the_password_the_console_opens_and_only_the_new_password_signs_in()
    {
        var generated = ReadGeneratedPassword();
        using var browser = app.CreateBrowser();
        await browser.SignInAsync(TestApp.AdminEmail, generated);

        var changed = await browser.SubmitFormAsync("/account/password?returnUrl=%2Fadmin", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = generated,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });

        Assert.Equal("/admin", changed.RedirectTarget());
        using (var console = await browser.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        }

        using var again = app.CreateBrowser();
        var withOld = await again.SignInAsync(TestApp.AdminEmail, generated);
        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.False(again.HasSessionCookie());
        var withNew = await again.SignInAsync(TestApp.AdminEmail, NewPassword);
        Assert.Equal("/admin", withNew.RedirectTarget());
    }
}
