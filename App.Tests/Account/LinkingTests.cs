using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.Account;

/// <summary>"Link DingTalk" on /account: the binding attaches to the signed-in user, and nobody new is ever created.</summary>
public sealed class LinkingTests(AccountAppFixture fixture) : IClassFixture<AccountAppFixture>
{
    private TestApp App => fixture.App;

    private Task<int> UserCountAsync() => App.WithDbAsync(db => db.Users.CountAsync());

    private Task<string[]> BindingOwnersAsync(string unionId) =>
        App.WithDbAsync(db => db.UserBindings.Where(b => b.ProviderKey == unionId).Select(b => b.User!.UserName!).ToArrayAsync());

    [Fact]
    public async Task A_password_user_links_DingTalk_then_signs_in_with_it_as_the_same_user()
    {
        await fixture.CreateDingTalkAsync("link-main", "Main DingTalk");
        var person = fixture.NewDingTalkPerson("Linda at DingTalk");
        await App.CreateUserAsync("linda", AccountAppFixture.Password, "Linda Linker");
        using var browser = await fixture.SignedInAsync("linda");
        var before = await browser.AccountPageAsync();
        Assert.Contains("link-main", before.Linkable);
        Assert.DoesNotContain("link-main", before.Bound);
        var users = await UserCountAsync();

        using var linked = await browser.LinkDingTalkAsync("link-main", person.UnionId);

        Assert.Equal("/account?status=linked", linked.RedirectTarget());
        var after = await browser.AccountPageAsync(linked.RedirectTarget());
        Assert.Equal("Linda Linker", after.Name);
        Assert.Equal("Your DingTalk account is linked: you can now sign in with it.", after.Status);
        Assert.Equal(["link-main"], after.Bound);
        Assert.DoesNotContain("link-main", after.Linkable);
        Assert.Contains("Main DingTalk", after.Row("link-main"), StringComparison.Ordinal);
        Assert.Contains("Linda at DingTalk", after.Row("link-main"), StringComparison.Ordinal);
        Assert.Equal("Unlink", after.ButtonOf("link-main"));

        using (await browser.SignOutAsync("/account"))
        {
        }

        Assert.False(browser.HasSessionCookie());
        using var signedIn = await browser.SignInWithDingTalkAsync("link-main", person.UnionId);
        Assert.Equal("/", signedIn.RedirectTarget());
        Assert.Equal("Linda Linker", (await browser.AccountPageAsync()).Name);
        Assert.Equal(users, await UserCountAsync());
        Assert.Equal(["linda"], await BindingOwnersAsync(person.UnionId));
    }

    [Fact]
    public async Task Linking_a_DingTalk_account_bound_to_another_user_is_refused()
    {
        await fixture.CreateDingTalkAsync("link-taken", "Taken DingTalk");
        var person = fixture.NewDingTalkPerson("Owen Owner");
        using (var owner = App.CreateBrowser())
        using (var signedUp = await owner.SignInWithDingTalkAsync("link-taken", person.UnionId))
        {
            Assert.Equal("/", signedUp.RedirectTarget());
        }

        var ownerName = Assert.Single(await BindingOwnersAsync(person.UnionId));
        await App.CreateUserAsync("tess", AccountAppFixture.Password, "Tess Taker");
        using var browser = await fixture.SignedInAsync("tess");
        var users = await UserCountAsync();

        using var refused = await browser.LinkDingTalkAsync("link-taken", person.UnionId);

        Assert.Equal("/account?error=bound_to_another_user", refused.RedirectTarget());
        var page = await browser.AccountPageAsync(refused.RedirectTarget());
        Assert.Equal("Tess Taker", page.Name);
        Assert.Equal("This DingTalk account is already linked to another user, so it cannot be linked to yours.", page.Error);
        Assert.Empty(page.Bound);
        Assert.Contains("link-taken", page.Linkable);
        Assert.Equal([ownerName], await BindingOwnersAsync(person.UnionId));
        Assert.Equal(users, await UserCountAsync());
    }

    [Fact]
    public async Task A_second_DingTalk_account_on_the_same_authenticator_is_refused()
    {
        await fixture.CreateDingTalkAsync("link-once", "Once DingTalk");
        var first = fixture.NewDingTalkPerson("First Account");
        var second = fixture.NewDingTalkPerson("Second Account");
        await App.CreateUserAsync("uma", AccountAppFixture.Password, "Uma Once");
        using var browser = await fixture.SignedInAsync("uma");
        using (var linked = await browser.LinkDingTalkAsync("link-once", first.UnionId))
        {
            Assert.Equal("/account?status=linked", linked.RedirectTarget());
        }

        // The page offers no second "Link" here; a hand-made post is refused before DingTalk is even asked.
        Assert.DoesNotContain("link-once", (await browser.AccountPageAsync()).Linkable);
        var html = await browser.Http.GetStringAsync("/account");
        using var refused = await browser.Http.PostAsync(AccountSteps.LinkAction("link-once"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(html, AccountSteps.UnlinkAction("link-once")),
        }));

        Assert.Equal("/account?error=already_linked", refused.RedirectTarget());
        Assert.Equal(
            "Your account is already linked to a DingTalk account on this sign-in method. Unlink it first to link another one.",
            (await browser.AccountPageAsync(refused.RedirectTarget())).Error);
        Assert.Equal(["uma"], await BindingOwnersAsync(first.UnionId));
        Assert.Empty(await BindingOwnersAsync(second.UnionId));
    }

    [Fact]
    public async Task Linking_finishes_only_for_the_user_who_started_it()
    {
        await fixture.CreateDingTalkAsync("link-switch", "Switch DingTalk");
        var person = fixture.NewDingTalkPerson("Vic at DingTalk");
        await App.CreateUserAsync("vic", AccountAppFixture.Password, "Vic Starter");
        await App.CreateUserAsync("wes", AccountAppFixture.Password, "Wes Finisher");
        using var browser = await fixture.SignedInAsync("vic");

        // Vic starts linking, then someone else signs in on this browser before DingTalk sends it back.
        using var challenge = await browser.PostAccountFormAsync(AccountSteps.LinkAction("link-switch"));
        using (await browser.SignOutAsync("/account"))
        using (await browser.SignInAsync("wes", AccountAppFixture.Password))
        {
        }

        using var refused = await browser.FollowDingTalkAsync(challenge, person.UnionId);

        Assert.Equal("/account?error=link_session_changed", refused.RedirectTarget());
        var page = await browser.AccountPageAsync(refused.RedirectTarget());
        Assert.Equal("Wes Finisher", page.Name);
        Assert.Equal(
            "Nothing was linked: you are no longer signed in as the user who started linking. Please try again.",
            page.Error);
        Assert.Empty(await BindingOwnersAsync(person.UnionId));
    }

    [Fact]
    public async Task Cancelling_at_DingTalk_returns_to_the_account_page_with_nothing_linked()
    {
        await fixture.CreateDingTalkAsync("link-cancel", "Cancel DingTalk");
        await App.CreateUserAsync("xena", AccountAppFixture.Password, "Xena Cancels");
        using var browser = await fixture.SignedInAsync("xena");

        using var challenge = await browser.PostAccountFormAsync(AccountSteps.LinkAction("link-cancel"));
        var authorize = await browser.Http.GetStringAsync(challenge.Headers.Location);
        var cancel = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(authorize).QuerySelector("a.sandbox-cancel")!.GetAttribute("href")!;
        using var cancelled = await browser.Http.GetAsync(cancel);

        Assert.Equal("/account?error=consent_denied", cancelled.RedirectTarget());
        var page = await browser.AccountPageAsync(cancelled.RedirectTarget());
        Assert.Equal("Xena Cancels", page.Name);
        Assert.Equal("Linking was cancelled at DingTalk; nothing was linked.", page.Error);
        Assert.Empty(page.Bound);
    }

    [Fact]
    public async Task A_disabled_authenticator_cannot_be_linked()
    {
        await fixture.CreateDingTalkAsync("link-off", "Off DingTalk");
        await App.CreateUserAsync("yuri", AccountAppFixture.Password, "Yuri Late");
        using var browser = await fixture.SignedInAsync("yuri");
        var html = await browser.Http.GetStringAsync("/account");
        var token = Html.AntiforgeryTokenForAction(html, AccountSteps.LinkAction("link-off"));

        await fixture.SetEnabledAsync("link-off", "Off DingTalk", enabled: false);
        using var refused = await browser.Http.PostAsync(AccountSteps.LinkAction("link-off"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal("/account?error=authenticator_unavailable", refused.RedirectTarget());
        var page = await browser.AccountPageAsync(refused.RedirectTarget());
        Assert.Equal("This DingTalk sign-in method is not available right now, so nothing was linked.", page.Error);
        Assert.DoesNotContain("link-off", page.Linkable);
    }
}
