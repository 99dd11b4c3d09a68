using System.Net;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Users;

/// <summary>
/// An app whose sessions are revalidated on every request (<c>Security:SessionRevalidationInterval=00:00:00</c>), so a
/// changed security stamp shows on the very next request, without waiting; and with the DingTalk sandbox switched on.
/// </summary>
public sealed class SessionEndFixture : IAsyncLifetime
{
    public const string ClientId = "ding-users-client";
    public const string ClientSecret = "ding-users-secret-0001";
    public const string DingTalk = "corp";

    public TestApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Security:SessionRevalidationInterval"] = "00:00:00",
        ["DingTalk:Sandbox:Enabled"] = "true",
        ["DingTalk:Sandbox:Apps:0:ClientId"] = ClientId,
        ["DingTalk:Sandbox:Apps:0:ClientSecret"] = ClientSecret,
    });

    public ApiClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = await ApiClient.SignInAsync(App);
        await Admin.SetPluginAsync(AuthenticatorTestData.DingTalkPlugin, true);
        await Admin.CreateAsync(AuthenticatorTestData.DingTalkBody(DingTalk, ClientId, ClientSecret));
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SessionEndTests(SessionEndFixture fixture) : IClassFixture<SessionEndFixture>
{
    private TestApp App => fixture.App;

    private ApiClient Admin => fixture.Admin;

    [Fact]
    public async Task Locking_ends_the_users_open_sessions_in_the_console_and_the_API()
    {
        var userName = Unique("live");
        var id = await Admin.AddUserAsync(userName, admin: true);
        var (console, _) = await App.SignInAsync(userName, UserPassword);
        var (script, _) = await App.SignInAsync(userName, UserPassword);
        using var api = new ApiClient(script);
        using (console)
        {
            Assert.Equal("200", await console.VisitAsync("/admin"));
            (await api.GetAsync("/api/users")).ShouldBe(HttpStatusCode.OK);

            (await Admin.PostAsync($"/api/users/{id}/lock", new { })).ShouldBe(HttpStatusCode.OK);

            Assert.Equal("/signin?returnUrl=%2Fadmin", await console.VisitAsync("/admin"));
            (await api.GetAsync("/api/users")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_locked_user_cannot_sign_in_with_a_password_and_sees_the_generic_refusal()
    {
        var userName = Unique("shut");
        var id = await Admin.AddUserAsync(userName);
        (await Admin.PostAsync($"/api/users/{id}/lock", new { })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(GenericRefusal, await App.RefusedSignInAsync(userName, UserPassword));
        Assert.Equal(GenericRefusal, await App.RefusedSignInAsync(userName, "Wrong!Pass999"));
    }

    [Fact]
    public async Task A_locked_user_cannot_complete_a_DingTalk_sign_in()
    {
        // Li Si's mobile in the sandbox is +86 13800000002: the admin-made user is matched by it and bound.
        var id = await Admin.AddUserAsync(Unique("lisi"), phone: "138 0000 0002");
        using var before = App.CreateBrowser();
        Assert.Equal("/", await before.DingTalkSignInAsync(SessionEndFixture.DingTalk, "Li Si"));
        Assert.Equal([SessionEndFixture.DingTalk], await App.BoundAuthenticatorsAsync(id));

        (await Admin.PostAsync($"/api/users/{id}/lock", new { })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("/signin?returnUrl=%2F", await before.VisitAsync("/"));
        using var after = App.CreateBrowser();
        var target = await after.DingTalkSignInAsync(SessionEndFixture.DingTalk, "Li Si");
        Assert.Equal($"/signin?authenticator={SessionEndFixture.DingTalk}&error=account_unavailable", target);
        Assert.False(after.HasSessionCookie());
        var (_, page) = await after.GetPageAsync(target);
        Assert.Equal(GenericRefusal, Html.AlertText(page));

        (await Admin.PostAsync($"/api/users/{id}/unlock", new { })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("/", await after.DingTalkSignInAsync(SessionEndFixture.DingTalk, "Li Si"));
    }

    [Fact]
    public async Task Resetting_a_password_ends_sessions_and_the_new_password_must_be_changed()
    {
        var userName = Unique("forgot");
        var id = await Admin.AddUserAsync(userName);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        using (browser)
        {
            Assert.Equal("200", await browser.VisitAsync("/"));

            var password = (await Admin.PostAsync($"/api/users/{id}/reset-password", new { })).ShouldBe(HttpStatusCode.OK)
                .Json.GetProperty("generatedPassword").GetString()!;

            Assert.Equal("/signin?returnUrl=%2F", await browser.VisitAsync("/"));
            var (again, target) = await App.SignInAsync(userName, password);
            using (again)
            {
                Assert.Equal("/account/password?returnUrl=%2F", target);
                Assert.Equal("/account/password?returnUrl=%2F", await again.VisitAsync("/"));
            }
        }
    }

    [Fact]
    public async Task Granting_or_revoking_Admin_ends_sessions_and_the_next_sign_in_has_the_new_role()
    {
        var userName = Unique("role");
        var id = await Admin.AddUserAsync(userName);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        using (browser)
        {
            Assert.Equal("403", await browser.VisitAsync("/admin"));

            (await Admin.PutAsync($"/api/users/{id}", new { roles = new[] { "Admin" } })).ShouldBe(HttpStatusCode.OK);

            Assert.Equal("/signin?returnUrl=%2Fadmin", await browser.VisitAsync("/admin"));
        }

        var (admin, target) = await App.SignInAsync(userName, UserPassword);
        using (admin)
        {
            Assert.Equal("/admin", target);
            Assert.Equal("200", await admin.VisitAsync("/admin"));

            (await Admin.PutAsync($"/api/users/{id}", new { roles = Array.Empty<string>() })).ShouldBe(HttpStatusCode.OK);

            Assert.Equal("/signin?returnUrl=%2Fadmin", await admin.VisitAsync("/admin"));
        }
    }

    [Fact]
    public async Task Editing_contact_details_keeps_the_session_and_the_new_name_shows()
    {
        var userName = Unique("rename");
        var id = await Admin.AddUserAsync(userName);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        using (browser)
        {
            (await Admin.PutAsync($"/api/users/{id}", new { displayName = "Renamed Person", phoneNumber = "+31 6 5555 " + Random.Shared.Next(1000, 9999) }))
                .ShouldBe(HttpStatusCode.OK);

            var (status, page) = await browser.GetPageAsync("/");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("Renamed Person", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Deleting_a_user_ends_their_session()
    {
        var userName = Unique("bye");
        var id = await Admin.AddUserAsync(userName);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        using (browser)
        {
            (await Admin.DeleteAsync($"/api/users/{id}")).ShouldBe(HttpStatusCode.NoContent);

            Assert.Equal("/signin?returnUrl=%2F", await browser.VisitAsync("/"));
        }
    }
}
