using System.Net;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Tests.Account;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Audit;

/// <summary>A link or unlink that /account refused is on the log as a failure with its code, the user, and where it came from.</summary>
public sealed class AccountAuditTests(AccountAppFixture fixture) : IClassFixture<AccountAppFixture>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task Unlinking_the_last_way_to_sign_in_is_refused_and_recorded_as_a_failure_with_its_reason()
    {
        await fixture.CreateDingTalkAsync("audit-unlink-last", "Only DingTalk");
        var person = fixture.NewDingTalkPerson("Una Only");
        using var browser = App.CreateBrowser();
        using (var signedUp = await browser.SignInWithDingTalkAsync("audit-unlink-last", person.UnionId))
        {
            Assert.Equal("/", signedUp.RedirectTarget());
        }

        var userId = await App.WithDbAsync(db => db.UserBindings.Where(b => b.ProviderKey == person.UnionId).Select(b => b.UserId).SingleAsync());

        using var refused = await browser.UnlinkAsync("audit-unlink-last");

        Assert.Equal("/account?error=last_sign_in_method", refused.RedirectTarget());
        var record = Assert.Single(await App.RecordsAsync(e => e.UserId == userId && e.Type == AuditEventTypes.AccountUnlinked));
        Assert.Equal(AuditResults.Failure, record.Result);
        Assert.Equal("last_sign_in_method", record.Reason);
        Assert.Equal(userId, record.ActorId);
        Assert.Equal("audit-unlink-last", record.Authenticator);
        Assert.Equal("127.0.0.1", record.IpAddress);
        Assert.Equal(1, await App.WithDbAsync(db => db.UserBindings.CountAsync(b => b.UserId == userId)));
    }

    [Fact]
    public async Task An_unlink_is_one_success_and_the_same_unlink_from_a_stale_tab_is_a_binding_not_found_failure()
    {
        await fixture.CreateDingTalkAsync("audit-unlink-twice", "Unlinkable DingTalk");
        var person = fixture.NewDingTalkPerson("Ulla Unlinker");
        var user = await App.CreateUserAsync("audit.unlinker", AccountAppFixture.Password, "Ulla");
        using var browser = await fixture.SignedInAsync("audit.unlinker");
        using (var linked = await browser.LinkDingTalkAsync("audit-unlink-twice", person.UnionId))
        {
            Assert.Equal("/account?status=linked", linked.RedirectTarget());
        }

        var staleTab = await browser.Http.GetStringAsync("/account");
        using (var unlinked = await browser.UnlinkAsync("audit-unlink-twice"))
        {
            Assert.Equal("/account?status=unlinked", unlinked.RedirectTarget());
        }

        using var again = await browser.Http.PostAsync(AccountSteps.UnlinkAction("audit-unlink-twice"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(staleTab, AccountSteps.UnlinkAction("audit-unlink-twice")),
        }));

        Assert.Equal("/account?error=binding_not_found", again.RedirectTarget());
        var records = await App.RecordsAsync(e => e.UserId == user.Id && e.Type == AuditEventTypes.AccountUnlinked);
        Assert.Equal([(AuditResults.Success, (string?)null), (AuditResults.Failure, "binding_not_found")], records.Select(r => (r.Result, r.Reason)));
        Assert.All(records, r => Assert.Equal(user.Id, r.ActorId));
    }

    /// <summary>
    /// The external sign-in core decides link refusals (bound to another user, already linked, the provider failed) and
    /// reports them through <see cref="AuditRecorder.LinkRefused"/>; here the recorder is fed as the core would, and the
    /// record is read back through the audit API over HTTP.
    /// </summary>
    [Fact]
    public async Task A_refused_link_is_listed_as_a_failure_with_its_code_the_user_and_DingTalks_requestid()
    {
        var user = await App.CreateUserAsync("audit.linker", AccountAppFixture.Password, "Lin Ker");
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.9");
        http.Request.Headers.UserAgent = "=cmd|' /C calc'!A0 " + new string('x', 2000);
        var failure = new InvalidOperationException("wrapped", new DingTalkAuthenticationException(DingTalkFailure.ProviderError, "no", requestId: "req-link-42"));

        App.Services.GetRequiredService<AuditRecorder>().LinkRefused(http, user.Id, "audit-link", "bound_to_another_user", failure);
        await App.Services.GetRequiredService<AuditWriter>().FlushAsync();

        using var admin = await ApiClient.SignInAsync(App);
        var items = (await admin.GetAsync($"/api/audit?type=account.linked&result=failure&userId={user.Id}")).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("items").EnumerateArray().ToList();
        var item = Assert.Single(items);
        Assert.Equal("bound_to_another_user", item.GetProperty("reason").GetString());
        Assert.Equal(user.Id, item.GetProperty("actorId").GetString());
        Assert.Equal("audit-link", item.GetProperty("authenticator").GetString());
        Assert.Equal("203.0.113.9", item.GetProperty("ipAddress").GetString());
        Assert.Equal("req-link-42", item.GetProperty("requestId").GetString());
        Assert.Equal(AuditEvent.UserAgentLength, item.GetProperty("userAgent").GetString()!.Length);
    }
}
