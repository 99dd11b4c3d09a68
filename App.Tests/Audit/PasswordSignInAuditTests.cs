using System.Net;
using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Audit;

/// <summary>What the audit log keeps of password sign-ins, lockouts and sign-outs, after real sign-ins over HTTP.</summary>
public sealed class PasswordSignInAuditTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task A_failed_sign_in_with_a_name_that_names_nobody_keeps_only_a_hash_and_its_length()
    {
        var typed = "Sup3r-Secret-" + Guid.NewGuid().ToString("N")[..6];
        using (var browser = App.CreateBrowser())
        {
            Assert.NotNull(await browser.TrySignInAsync(typed, "whatever-Pass1"));
        }

        using (var browser = App.CreateBrowser())
        {
            Assert.NotNull(await browser.TrySignInAsync("  " + typed.ToLowerInvariant() + " ", "another-Pass1"));
        }

        var records = await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.LoginNameLength == typed.Length && e.UserId == null);
        var mine = records.Where(r => r.LoginNameHash == records[^1].LoginNameHash).ToList();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, r =>
        {
            Assert.Null(r.LoginName);
            Assert.Equal(AuditResults.Failure, r.Result);
            Assert.Equal("invalid_credentials", r.Reason);
            Assert.Equal("password", r.Method);
            Assert.Equal("basic", r.Authenticator);
            Assert.Equal("127.0.0.1", r.IpAddress);
        });
        Assert.DoesNotContain(await App.AllRecordsAsync(), r => AuditSteps.Text(r).Contains(typed, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_failed_sign_in_with_a_known_name_keeps_the_name_and_the_user()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("known");
        var id = await admin.AddUserAsync(userName);
        using (var browser = App.CreateBrowser())
        {
            Assert.NotNull(await browser.TrySignInAsync(userName, "Wrong!Pass000"));
        }

        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.UserId == id));
        Assert.Equal(userName, record.LoginName);
        Assert.Null(record.LoginNameHash);
        Assert.Equal(AuditResults.Failure, record.Result);
        Assert.Equal("invalid_credentials", record.Reason);
    }

    [Fact]
    public async Task A_successful_sign_in_names_the_user_and_its_session_and_a_sign_out_ends_it_on_record()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("signedin");
        var id = await admin.AddUserAsync(userName);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        using (browser)
        {
            (await browser.SignOutAsync("/account")).Dispose();
        }

        var records = await App.RecordsAsync(e => e.UserId == id && (e.Type == AuditEventTypes.SignIn || e.Type == AuditEventTypes.SignOut));
        Assert.Equal([AuditEventTypes.SignIn, AuditEventTypes.SignOut], records.Select(r => r.Type));
        Assert.All(records, r => Assert.Equal(AuditResults.Success, r.Result));
        Assert.NotNull(records[0].SessionId);
        Assert.Equal(records[0].SessionId, records[1].SessionId);
    }

    [Fact]
    public async Task No_password_ever_reaches_a_record()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("nopass");
        await admin.AddUserAsync(userName);
        var wrong = "Wr0ng!" + Guid.NewGuid().ToString("N");
        using (var browser = App.CreateBrowser())
        {
            Assert.NotNull(await browser.TrySignInAsync(userName, wrong));
            Assert.NotNull(await browser.TrySignInAsync(wrong, wrong));
        }

        var (signedIn, _) = await App.SignInAsync(userName, UserPassword);
        signedIn.Dispose();

        var all = (await App.AllRecordsAsync()).Select(AuditSteps.Text).ToList();
        Assert.DoesNotContain(all, t => t.Contains(wrong, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(all, t => t.Contains(UserPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(all, t => t.Contains(TestApp.AdminPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_passwords_that_lock_an_account_record_one_lockout()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("locked");
        var id = await admin.AddUserAsync(userName);

        await App.FloodAsync(userName, 6);

        Assert.True(await App.InTimedLockoutAsync(id));
        var lockout = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.Lockout && e.UserId == id));
        Assert.Equal("too_many_failures", lockout.Reason);
        Assert.Equal(6, (await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.UserId == id)).Count);
    }

    [Fact]
    public async Task A_user_agent_of_any_length_is_stored_cut_to_its_column()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("agent");
        var id = await admin.AddUserAsync(userName);
        using var browser = App.CreateBrowser();
        var agent = "Agent/" + new string('x', 5000) + "<script>";
        Assert.True(browser.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", agent));
        using (var response = await browser.SignInAsync(userName, UserPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.SignIn && e.UserId == id));
        Assert.Equal(agent[..AuditEvent.UserAgentLength], record.UserAgent);
    }
}
