using System.Net;
using AngleSharp.Html.Parser;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Account;

/// <summary>/account as served over HTTP: who you are, your ways to sign in, and who may see and post it.</summary>
public sealed class AccountPageTests(AccountAppFixture fixture) : IClassFixture<AccountAppFixture>
{
    private TestApp App => fixture.App;

    private async Task<AppUser> CreateUserWithPhoneAsync(string userName, string displayName, string phone, string? avatar = null)
    {
        var user = await App.CreateUserAsync(userName, AccountAppFixture.Password, displayName);
        await App.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var stored = await users.FindByIdAsync(user.Id);
            stored!.AvatarUrl = avatar;
            stored.PhoneNumber = phone;
            return (await users.UpdateAsync(stored)).Succeeded;
        });
        return user;
    }

    [Fact]
    public async Task Shows_who_the_user_is_and_every_way_they_can_sign_in()
    {
        await fixture.CreateDingTalkAsync("page-bound", "Bound DingTalk");
        await fixture.CreateDingTalkAsync("page-free", "Free DingTalk");
        var user = await CreateUserWithPhoneAsync("gina", "Gina Page", "138-1234-5678", "https://static.example/gina.png");
        await App.BindAsync(user.Id, "page-bound", "union-gina");
        using var browser = await fixture.SignedInAsync("gina");

        var (status, html) = await browser.GetPageAsync("/account");

        Assert.Equal(HttpStatusCode.OK, status);
        var page = new AccountPage(new HtmlParser().ParseDocument(html));
        Assert.Equal("Gina Page", page.Name);
        Assert.Equal("gina@test.local", page.Email);
        Assert.Equal("138-1234-5678", page.Phone);
        Assert.Contains("src=\"https://static.example/gina.png\"", html, StringComparison.Ordinal);
        Assert.Equal("Set", page.PasswordState);
        Assert.Contains("href=\"/account/password\"", html, StringComparison.Ordinal);
        Assert.Equal(["page-bound"], page.Bound);
        Assert.Contains("Bound DingTalk", page.Row("page-bound"), StringComparison.Ordinal);
        Assert.Contains("Bound user", page.Row("page-bound"), StringComparison.Ordinal);
        Assert.Equal("Unlink", page.ButtonOf("page-bound"));
        Assert.Contains("page-free", page.Linkable);
        Assert.Equal("Link", page.ButtonOf("page-free"));
        Assert.Null(page.Status);
        Assert.Null(page.Error);
    }

    [Fact]
    public async Task The_home_page_links_to_the_account_page()
    {
        await App.CreateUserAsync("hank", AccountAppFixture.Password, "Hank Home");
        using var browser = await fixture.SignedInAsync("hank");

        var (_, home) = await browser.GetPageAsync("/");

        var link = new HtmlParser().ParseDocument(home).QuerySelector("a[data-testid=home-account]");
        Assert.NotNull(link);
        Assert.Equal("/account", link.GetAttribute("href"));
        Assert.Equal("My account", link.TextContent.Trim());
    }

    [Fact]
    public async Task The_page_speaks_the_users_language()
    {
        await App.CreateUserAsync("ivo", AccountAppFixture.Password, "Ivo Taal");
        using var browser = await fixture.SignedInAsync("ivo");
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl-NL");

        var page = await browser.AccountPageAsync("/account?error=last_sign_in_method");

        Assert.Contains("Manieren om in te loggen", page.BodyText, StringComparison.Ordinal);
        Assert.Equal("Ingesteld", page.PasswordState);
        Assert.StartsWith("Ontkoppelen kan niet", page.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_come_only_from_known_codes_never_from_the_query()
    {
        await App.CreateUserAsync("jade", AccountAppFixture.Password, "Jade Query");
        using var browser = await fixture.SignedInAsync("jade");

        var page = await browser.AccountPageAsync("/account?status=Hacked%20by%20Mallory&error=%3Cb%3EYour%20account%20is%20gone%3C%2Fb%3E");

        Assert.Null(page.Status);
        Assert.Equal("That did not work. Please try again.", page.Error);
        Assert.DoesNotContain("Mallory", page.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("account is gone", page.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_cannot_post()
    {
        await fixture.CreateDingTalkAsync("page-anon", "Anon DingTalk");
        using var browser = App.CreateBrowser();

        using var page = await browser.GetAsync("/account");
        Assert.Equal("/signin?returnUrl=%2Faccount", page.RedirectTarget());

        foreach (var action in new[] { AccountSteps.LinkAction("page-anon"), AccountSteps.UnlinkAction("page-anon") })
        {
            using var post = await browser.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>()));
            Assert.StartsWith("/signin?returnUrl=", post.RedirectTarget(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_refused_and_change_nothing()
    {
        await fixture.CreateDingTalkAsync("page-forged", "Forged DingTalk");
        await fixture.CreateDingTalkAsync("page-forged-link", "Forged Link DingTalk");
        var user = await App.CreateUserAsync("kim", AccountAppFixture.Password, "Kim Forged");
        await App.BindAsync(user.Id, "page-forged", "union-kim");
        using var browser = await fixture.SignedInAsync("kim");

        foreach (var fields in new[] { new Dictionary<string, string>(), new() { ["__RequestVerificationToken"] = "forged" } })
        {
            using var unlink = await browser.Http.PostAsync(AccountSteps.UnlinkAction("page-forged"), new FormUrlEncodedContent(fields));
            using var link = await browser.Http.PostAsync(AccountSteps.LinkAction("page-forged-link"), new FormUrlEncodedContent(fields));

            Assert.Equal(HttpStatusCode.BadRequest, unlink.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, link.StatusCode);
        }

        Assert.Equal(1, await App.WithDbAsync(db => db.UserBindings.CountAsync(b => b.UserId == user.Id)));
        Assert.Equal(["page-forged"], (await browser.AccountPageAsync()).Bound);
    }

    [Fact]
    public async Task A_user_who_must_change_their_password_cannot_link_or_unlink_first()
    {
        await fixture.CreateDingTalkAsync("page-must-change", "Must-change DingTalk");
        var user = await App.CreateUserAsync("mustchange", AccountAppFixture.Password, "Must Change");
        await App.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var stored = await users.FindByIdAsync(user.Id);
            stored!.MustChangePassword = true;
            return (await users.UpdateAsync(stored)).Succeeded;
        });
        using var browser = await fixture.SignedInAsync("mustchange");
        var page = await browser.Http.GetStringAsync("/account/password");
        var token = Html.AntiforgeryTokenForAction(page, "/culture");

        var link = await browser.Http.PostAsync("/account/link/dingtalk/page-must-change",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal("/account/password?returnUrl=%2Faccount", link.RedirectTarget());
        Assert.False(await App.WithDbAsync(db => db.UserBindings.AnyAsync(b => b.UserId == user.Id)));
    }
}
