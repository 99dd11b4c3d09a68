using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Account;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Audit;

/// <summary>
/// A link refused at the callback, cancelled at DingTalk, or refused before DingTalk is asked, is on the log as
/// account.linked/failure with its code.
/// </summary>
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

    [Fact]
    public async Task A_second_link_refused_before_DingTalk_is_asked_is_recorded_as_a_refused_link()
    {
        await fixture.CreateDingTalkAsync("audit-link-twice", "Twice DingTalk");
        var user = await App.CreateUserAsync("audit.twice", AccountAppFixture.Password, "Tia Twice");
        using var browser = await fixture.SignedInAsync("audit.twice");
        using (var linked = await browser.LinkDingTalkAsync("audit-link-twice", fixture.NewDingTalkPerson("Tia at DingTalk").UnionId))
        {
            Assert.Equal("/account?status=linked", linked.RedirectTarget());
        }

        using var refused = await HandMadeLinkAsync(browser, "audit-link-twice");

        Assert.Equal("/account?error=already_linked", refused.RedirectTarget());
        var records = await App.RecordsAsync(e => e.UserId == user.Id && e.Type == AuditEventTypes.AccountLinked);
        Assert.Equal(
            [(AuditResults.Success, null), (AuditResults.Failure, "already_linked")],
            records.OrderBy(r => r.Id).Select(r => (r.Result, r.Reason)).ToList());
        Assert.All(records, r => Assert.Equal(("audit-link-twice", user.Id), (r.Authenticator, r.ActorId)));
    }

    [Fact]
    public async Task A_link_to_an_authenticator_that_does_not_exist_is_recorded_with_its_code()
    {
        var user = await App.CreateUserAsync("audit.nowhere", AccountAppFixture.Password, "Nora Nowhere");
        using var browser = await fixture.SignedInAsync("audit.nowhere");

        using var refused = await HandMadeLinkAsync(browser, "audit-no-such-authenticator");

        Assert.Equal("/account?error=authenticator_unavailable", refused.RedirectTarget());
        var record = Assert.Single(await App.RecordsAsync(e => e.UserId == user.Id && e.Type == AuditEventTypes.AccountLinked));
        Assert.Equal((AuditResults.Failure, "authenticator_unavailable", "audit-no-such-authenticator"), (record.Result, record.Reason, record.Authenticator));
    }

    /// <summary>A link post the page does not offer, with the antiforgery token of the page's sign-out form.</summary>
    private static async Task<HttpResponseMessage> HandMadeLinkAsync(BrowserClient browser, string authenticator)
    {
        var html = await browser.Http.GetStringAsync("/account");
        return await browser.Http.PostAsync(AccountSteps.LinkAction(authenticator), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(html, "/signout"),
        }));
    }
}
