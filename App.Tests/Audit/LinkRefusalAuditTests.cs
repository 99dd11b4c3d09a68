using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Account;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Audit;

/// <summary>A link refused at the callback, or cancelled at DingTalk, is on the log as account.linked/failure with its code.</summary>
public sealed class LinkRefusalAuditTests(AccountAppFixture fixture) : IClassFixture<AccountAppFixture>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task Linking_a_DingTalk_account_bound_to_another_user_is_recorded_as_a_refused_link_of_the_user_who_tried()
    {
        await fixture.CreateDingTalkAsync("audit-link-taken", "Taken DingTalk");
        var person = fixture.NewDingTalkPerson("Otto Owner");
        using (var owner = App.CreateBrowser())
        using (var signedUp = await owner.SignInWithDingTalkAsync("audit-link-taken", person.UnionId))
        {
            Assert.Equal("/", signedUp.RedirectTarget());
        }

        var ownerId = await App.WithDbAsync(db => db.UserBindings.Where(b => b.ProviderKey == person.UnionId).Select(b => b.UserId).SingleAsync());
        var taker = await App.CreateUserAsync("audit.taker", AccountAppFixture.Password, "Tom Taker");
        using var browser = await fixture.SignedInAsync("audit.taker");

        using var refused = await browser.LinkDingTalkAsync("audit-link-taken", person.UnionId);

        Assert.Equal("/account?error=bound_to_another_user", refused.RedirectTarget());
        var record = Assert.Single(await App.RecordsAsync(e => e.Type == AuditEventTypes.AccountLinked && e.Authenticator == "audit-link-taken"));
        Assert.Equal(AuditResults.Failure, record.Result);
        Assert.Equal("bound_to_another_user", record.Reason);
        Assert.Equal(taker.Id, record.UserId);
        Assert.Equal(taker.Id, record.ActorId);
        Assert.Equal("127.0.0.1", record.IpAddress);
        Assert.Empty(await App.RecordsAsync(e => e.UserId == ownerId && e.Type == AuditEventTypes.AccountLinked));
    }

    [Fact]
    public async Task Cancelling_a_link_at_DingTalk_is_recorded_as_a_refused_link_and_not_as_a_sign_in()
    {
        await fixture.CreateDingTalkAsync("audit-link-cancel", "Cancel DingTalk");
        var user = await App.CreateUserAsync("audit.canceller", AccountAppFixture.Password, "Cass Cancels");
        using var browser = await fixture.SignedInAsync("audit.canceller");

        using var challenge = await browser.PostAccountFormAsync(AccountSteps.LinkAction("audit-link-cancel"));
        var authorize = await browser.Http.GetStringAsync(challenge.Headers.Location);
        var cancel = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(authorize).QuerySelector("a.sandbox-cancel")!.GetAttribute("href")!;
        using var cancelled = await browser.Http.GetAsync(cancel);

        Assert.Equal("/account?error=consent_denied", cancelled.RedirectTarget());
        var records = await App.RecordsAsync(e => e.Authenticator == "audit-link-cancel" && (e.Type == AuditEventTypes.SignIn || e.Type == AuditEventTypes.AccountLinked));
        var record = Assert.Single(records);
        Assert.Equal((AuditEventTypes.AccountLinked, AuditResults.Failure, "consent_denied"), (record.Type, record.Result, record.Reason));
        Assert.Equal(user.Id, record.UserId);
    }

    [Fact]
    public async Task A_successful_link_leaves_no_failure_record()
    {
        await fixture.CreateDingTalkAsync("audit-link-ok", "Fine DingTalk");
        var person = fixture.NewDingTalkPerson("Fay Fine");
        var user = await App.CreateUserAsync("audit.fine", AccountAppFixture.Password, "Fay");
        using var browser = await fixture.SignedInAsync("audit.fine");

        using var linked = await browser.LinkDingTalkAsync("audit-link-ok", person.UnionId);

        Assert.Equal("/account?status=linked", linked.RedirectTarget());
        var record = Assert.Single(await App.RecordsAsync(e => e.UserId == user.Id && e.Type == AuditEventTypes.AccountLinked));
        Assert.Equal(AuditResults.Success, record.Result);
    }
}
