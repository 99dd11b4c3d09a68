using System.Net;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Sessions;

public sealed class SessionsApiTests(UncachedSessionsApp shared) : IClassFixture<UncachedSessionsApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task An_admin_lists_a_users_sessions_with_device_and_method_but_never_a_key()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("listed");
        var id = await admin.AddUserAsync(userName);
        var (first, _) = await App.SignInAsync(userName, UserPassword);
        var (second, _) = await App.SignInAsync(userName, UserPassword);
        using (first)
        using (second)
        {
            var answer = (await admin.GetAsync($"/api/users/{id}/sessions")).ShouldBe(HttpStatusCode.OK);

            var sessions = answer.Json.EnumerateArray().ToList();
            Assert.Equal(2, sessions.Count);
            Assert.All(sessions, s =>
            {
                Assert.Equal("basic", s.GetProperty("authenticator").GetString());
                Assert.Equal("pwd", s.GetProperty("method").GetString());
                Assert.False(s.GetProperty("current").GetBoolean());
                Assert.False(s.TryGetProperty("keyHash", out _));
            });
            foreach (var browser in new[] { first, second })
            {
                Assert.DoesNotContain(App.SessionKeyIn(browser.SessionCookieValue()), answer.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task An_admin_ends_one_session_through_the_API_and_only_that_browser_is_signed_out()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("ended");
        var id = await admin.AddUserAsync(userName);
        var (ended, _) = await App.SignInAsync(userName, UserPassword);
        var (kept, _) = await App.SignInAsync(userName, UserPassword);
        using (ended)
        using (kept)
        {
            var before = (await admin.GetAsync($"/api/users/{id}/sessions")).ShouldBe(HttpStatusCode.OK).Json.EnumerateArray()
                .Select(s => s.GetProperty("id").GetString()!).ToList();
            var target = before[0];

            (await admin.DeleteAsync($"/api/users/{id}/sessions/{target}")).ShouldBe(HttpStatusCode.NoContent);

            var left = (await admin.GetAsync($"/api/users/{id}/sessions")).Json.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
            Assert.Equal(before.Where(s => s != target), left);
            var outcomes = new[] { await ended.VisitAsync("/account"), await kept.VisitAsync("/account") };
            Assert.Equal(["/signin?returnUrl=%2Faccount", "200"], outcomes.Order(StringComparer.Ordinal));
            (await admin.DeleteAsync($"/api/users/{id}/sessions/{target}")).ShouldBeProblem(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Signing_a_user_out_everywhere_through_the_API_ends_every_session_of_theirs_only()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("everywhere");
        var id = await admin.AddUserAsync(userName);
        var (first, _) = await App.SignInAsync(userName, UserPassword);
        var (second, _) = await App.SignInAsync(userName, UserPassword);
        using (first)
        using (second)
        {
            (await admin.DeleteAsync($"/api/users/{id}/sessions")).ShouldBe(HttpStatusCode.NoContent);

            Assert.Equal("/signin?returnUrl=%2Faccount", await first.VisitAsync("/account"));
            Assert.Equal("/signin?returnUrl=%2Faccount", await second.VisitAsync("/account"));
            Assert.Empty((await admin.GetAsync($"/api/users/{id}/sessions")).Json.EnumerateArray());
            (await admin.GetAsync("/api/users")).ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Another_users_session_id_and_an_unknown_one_are_404_and_end_nothing()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var owner = await admin.AddUserAsync(Unique("owner"));
        var other = await admin.AddUserAsync(Unique("other"));
        var (browser, _) = await App.SignInAsync((await App.UserRowAsync(owner)).UserName!, UserPassword);
        using (browser)
        {
            var sessionId = (await admin.GetAsync($"/api/users/{owner}/sessions")).Json.EnumerateArray().Single().GetProperty("id").GetString();

            (await admin.DeleteAsync($"/api/users/{other}/sessions/{sessionId}")).ShouldBeProblem(HttpStatusCode.NotFound);
            (await admin.DeleteAsync($"/api/users/{owner}/sessions/no-such-session")).ShouldBeProblem(HttpStatusCode.NotFound);
            (await admin.GetAsync("/api/users/no-such-user/sessions")).ShouldBeProblem(HttpStatusCode.NotFound);
            (await admin.DeleteAsync("/api/users/no-such-user/sessions")).ShouldBeProblem(HttpStatusCode.NotFound);

            Assert.Equal("200", await browser.VisitAsync("/account"));
        }
    }

    [Fact]
    public async Task Only_administrators_see_or_end_sessions()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("plain");
        var id = await admin.AddUserAsync(userName);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        using var user = new ApiClient(browser);
        using var anonymous = ApiClient.Anonymous(App);

        (await user.GetAsync($"/api/users/{id}/sessions")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await user.DeleteAsync($"/api/users/{id}/sessions")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync($"/api/users/{id}/sessions")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("200", await browser.VisitAsync("/account"));
    }
}
