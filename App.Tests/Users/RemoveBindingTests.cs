using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Users;

/// <summary>One app whose sessions revalidate on every request, so a changed security stamp shows at once.</summary>
public sealed class RemoveBindingFixture : IAsyncLifetime
{
    public TestApp App { get; } = new(settings: new Dictionary<string, string?> { ["Security:SessionRevalidationInterval"] = "00:00:00.001" });

    public BrowserClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.AddDingTalkAuthenticatorAsync("acme", "Acme DingTalk");
        await App.AddDingTalkAuthenticatorAsync("beta", "Beta DingTalk");
        Admin = await App.SignedInAdminAsync();
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class RemoveBindingTests(RemoveBindingFixture fixture) : IClassFixture<RemoveBindingFixture>
{
    private const string Password = "User!Pass12345";

    private TestApp App => fixture.App;

    private Task<HttpResponseMessage> RemoveAsync(string userId, string authenticator) =>
        fixture.Admin.Http.DeleteAsync($"/api/users/{Uri.EscapeDataString(userId)}/bindings/{Uri.EscapeDataString(authenticator)}");

    [Fact]
    public async Task Removing_one_of_two_bindings_deletes_it_and_changes_the_security_stamp()
    {
        var user = await App.CreateDingTalkUserAsync("Two Ways");
        await App.BindAsync(user.Id, "acme", "two-acme");
        await App.BindAsync(user.Id, "beta", "two-beta");
        var stamp = await App.SecurityStampAsync(user.Id);

        using var response = await RemoveAsync(user.Id, "beta");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["acme"], await App.BoundAuthenticatorsAsync(user.Id));
        Assert.NotEqual(stamp, await App.SecurityStampAsync(user.Id));
        var details = await fixture.Admin.GetJsonAsync($"/api/users/{user.Id}");
        Assert.Equal(["acme"], details.GetProperty("bindings").Strings("authenticator"));
    }

    [Fact]
    public async Task The_last_way_to_sign_in_cannot_be_removed()
    {
        var user = await App.CreateDingTalkUserAsync("Only DingTalk");
        await App.BindAsync(user.Id, "acme", "only-acme");
        var stamp = await App.SecurityStampAsync(user.Id);

        using var response = await RemoveAsync(user.Id, "acme");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            "This binding is the user's last way to sign in: they have no password and no other binding. Give them another way to sign in first.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(["acme"], await App.BoundAuthenticatorsAsync(user.Id));
        Assert.Equal(stamp, await App.SecurityStampAsync(user.Id));
    }

    [Fact]
    public async Task After_one_of_two_bindings_is_removed_the_other_becomes_the_last_way()
    {
        var user = await App.CreateDingTalkUserAsync("Down To One");
        await App.BindAsync(user.Id, "acme", "down-acme");
        await App.BindAsync(user.Id, "beta", "down-beta");

        using var first = await RemoveAsync(user.Id, "acme");
        using var second = await RemoveAsync(user.Id, "beta");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(["beta"], await App.BoundAuthenticatorsAsync(user.Id));
    }

    [Fact]
    public async Task A_user_with_a_password_can_lose_their_only_binding()
    {
        var user = await App.CreateUserAsync("pat", Password, "Pat Password");
        await App.BindAsync(user.Id, "acme", "pat-acme");

        using var response = await RemoveAsync(user.Id, "acme");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await App.BoundAuthenticatorsAsync(user.Id));
    }

    [Fact]
    public async Task The_users_open_session_ends_once_a_binding_is_removed()
    {
        var user = await App.CreateUserAsync("sam", Password, "Sam Session");
        await App.BindAsync(user.Id, "acme", "sam-acme");
        using var browser = App.CreateBrowser();
        using (await browser.SignInAsync("sam", Password))
        {
        }

        using (var before = await browser.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var removed = await RemoveAsync(user.Id, "acme"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using var after = await browser.GetAsync("/");
        Assert.StartsWith("/signin", after.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_user_authenticator_or_binding_is_a_404_problem()
    {
        var user = await App.CreateDingTalkUserAsync("Bound Once");
        await App.BindAsync(user.Id, "acme", "once-acme");

        foreach (var (userId, authenticator) in new[] { ("no-such-user", "acme"), (user.Id, "no-such-authenticator"), (user.Id, "beta") })
        {
            using var response = await RemoveAsync(userId, authenticator);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("This binding no longer exists.", problem.GetProperty("detail").GetString());
        }

        Assert.Equal(["acme"], await App.BoundAuthenticatorsAsync(user.Id));
    }
}
