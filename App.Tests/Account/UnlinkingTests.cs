using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Account;

/// <summary>"Unlink" on /account: never the last way to sign in; other sessions end; this browser stays unless it rested on that binding.</summary>
public sealed class UnlinkingTests(AccountAppFixture fixture) : IClassFixture<AccountAppFixture>
{
    private TestApp App => fixture.App;

    private Task<string[]> BoundAsync(string userName) =>
        App.WithDbAsync(db => db.UserBindings.Where(b => b.User!.UserName == userName).Select(b => b.Authenticator!.Name).OrderBy(n => n).ToArrayAsync());

    [Fact]
    public async Task Unlinking_keeps_this_browser_signed_in_and_ends_the_users_other_sessions()
    {
        await fixture.CreateDingTalkAsync("unlink-main", "Unlink DingTalk");
        var person = fixture.NewDingTalkPerson("Zoe at DingTalk");
        await App.CreateUserAsync("zoe", AccountAppFixture.Password, "Zoe Unlinker");
        using var browser = await fixture.SignedInAsync("zoe");
        using (var linked = await browser.LinkDingTalkAsync("unlink-main", person.UnionId))
        {
            Assert.Equal("/account?status=linked", linked.RedirectTarget());
        }

        using var elsewhere = await fixture.SignedInAsync("zoe");

        using var unlinked = await browser.UnlinkAsync("unlink-main");

        Assert.Equal("/account?status=unlinked", unlinked.RedirectTarget());
        var page = await browser.AccountPageAsync(unlinked.RedirectTarget());
        Assert.Equal("Zoe Unlinker", page.Name);
        Assert.Equal("The sign-in method is unlinked. Browsers signed in elsewhere must sign in again.", page.Status);
        Assert.Empty(page.Bound);
        Assert.Contains("unlink-main", page.Linkable);
        Assert.Empty(await BoundAsync("zoe"));
        using var other = await elsewhere.GetAsync("/account");
        Assert.StartsWith("/signin", other.RedirectTarget(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_way_to_sign_in_cannot_be_unlinked()
    {
        await fixture.CreateDingTalkAsync("unlink-last", "Only DingTalk");
        var person = fixture.NewDingTalkPerson("Ada Only");
        using var browser = App.CreateBrowser();
        using (var signedUp = await browser.SignInWithDingTalkAsync("unlink-last", person.UnionId))
        {
            Assert.Equal("/", signedUp.RedirectTarget());
        }

        var before = await browser.AccountPageAsync();
        Assert.Equal("Not set", before.PasswordState);
        Assert.Equal(["unlink-last"], before.Bound);

        using var refused = await browser.UnlinkAsync("unlink-last");

        Assert.Equal("/account?error=last_sign_in_method", refused.RedirectTarget());
        var page = await browser.AccountPageAsync(refused.RedirectTarget());
        Assert.Equal("Ada Only", page.Name);
        Assert.Equal(
            "You cannot unlink this: it is your last way to sign in. Link another sign-in method first, or ask an administrator to set a password.",
            page.Error);
        Assert.Equal(["unlink-last"], page.Bound);
    }

    [Fact]
    public async Task Unlinking_the_binding_this_session_signed_in_with_signs_out_and_the_other_binding_still_works()
    {
        await fixture.CreateDingTalkAsync("unlink-first", "First DingTalk");
        await fixture.CreateDingTalkAsync("unlink-second", "Second DingTalk");
        var person = fixture.NewDingTalkPerson("Bea Both");
        using var browser = App.CreateBrowser();
        using (await browser.SignInWithDingTalkAsync("unlink-first", person.UnionId))
        using (var linked = await browser.LinkDingTalkAsync("unlink-second", person.UnionId))
        {
            Assert.Equal("/account?status=linked", linked.RedirectTarget());
        }

        Assert.Equal(["unlink-first", "unlink-second"], (await browser.AccountPageAsync()).Bound);

        using var unlinked = await browser.UnlinkAsync("unlink-first");

        Assert.Equal("/signin?error=unlinked_signed_out&returnUrl=%2Faccount", unlinked.RedirectTarget());
        Assert.False(browser.HasSessionCookie());
        var (_, signInPage) = await browser.GetPageAsync(unlinked.RedirectTarget());
        Assert.Equal(
            "You unlinked the sign-in method you were signed in with, so you have been signed out. Sign in another way.",
            Html.AlertText(signInPage));

        using var again = await browser.SignInWithDingTalkAsync("unlink-second", person.UnionId);
        Assert.Equal("/", again.RedirectTarget());
        var page = await browser.AccountPageAsync();
        Assert.Equal("Bea Both", page.Name);
        Assert.Equal(["unlink-second"], page.Bound);
    }

    [Fact]
    public async Task Unlinking_a_binding_that_is_already_gone_says_so()
    {
        await fixture.CreateDingTalkAsync("unlink-twice", "Twice DingTalk");
        var person = fixture.NewDingTalkPerson("Cy Twice");
        await App.CreateUserAsync("cy", AccountAppFixture.Password, "Cy Twice");
        using var browser = await fixture.SignedInAsync("cy");
        using (await browser.LinkDingTalkAsync("unlink-twice", person.UnionId))
        {
        }

        // Two tabs of /account: the first unlinks, the second still shows the button.
        var staleTab = await browser.Http.GetStringAsync("/account");
        using (var first = await browser.UnlinkAsync("unlink-twice"))
        {
            Assert.Equal("/account?status=unlinked", first.RedirectTarget());
        }

        using var second = await browser.Http.PostAsync(AccountSteps.UnlinkAction("unlink-twice"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(staleTab, AccountSteps.UnlinkAction("unlink-twice")),
        }));

        Assert.Equal("/account?error=binding_not_found", second.RedirectTarget());
        Assert.Equal("This sign-in method is no longer linked to your account.", (await browser.AccountPageAsync(second.RedirectTarget())).Error);
    }
}
