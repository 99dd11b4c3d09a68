using System.Net;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Tests.Account;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Kite;

/// <summary>/account links and unlinks Kite because Kite says it can link, without /account ever naming it.</summary>
public sealed class KiteAccountTests(KiteApp fixture) : IClassFixture<KiteApp>
{
    private TestApp App => fixture.App;

    private async Task<BrowserClient> SignedInWithPasswordAsync(string userName, string displayName)
    {
        await App.CreateUserAsync(userName, KiteApp.Password, displayName);
        var browser = App.CreateBrowser();
        using var response = await browser.SignInAsync(userName, KiteApp.Password);
        Assert.True(browser.HasSessionCookie(), $"{userName} could not sign in.");
        return browser;
    }

    [Fact]
    public async Task A_password_user_links_Kite_on_my_account_and_then_signs_in_with_it_as_the_same_user()
    {
        var name = await fixture.AddAuthenticatorAsync("link", title: "Kite at work");
        var person = fixture.Kite.AddPerson("Lena at Kite");
        using var browser = await SignedInWithPasswordAsync(KiteApp.NewName("lena"), "Lena Link");
        Assert.Contains(name, (await browser.AccountPageAsync()).Linkable);

        using var challenge = await browser.PostAccountFormAsync(ExternalSignInPaths.Link(KitePlugin.TypeName, name));
        var target = await browser.FollowCallbackAsync(await browser.AtKiteAsync(challenge, fixture.Kite, person));

        Assert.Equal("/account?status=linked", target);
        var after = await browser.AccountPageAsync(target);
        Assert.Contains(name, after.Bound);
        Assert.DoesNotContain(name, after.Linkable);
        Assert.Contains("Kite at work", after.Row(name), StringComparison.Ordinal);
        Assert.Contains("Lena at Kite", after.Row(name), StringComparison.Ordinal);

        using var other = App.CreateBrowser();
        Assert.Equal("/", await other.SignInWithKiteAsync(name, fixture.Kite, person));
        Assert.Equal("Lena Link", await other.HomeNameAsync());
    }

    [Fact]
    public async Task A_linked_Kite_account_is_unlinked_on_my_account_and_offered_again()
    {
        var name = await fixture.AddAuthenticatorAsync("unlink");
        var person = fixture.Kite.AddPerson("Uma at Kite");
        using var browser = await SignedInWithPasswordAsync(KiteApp.NewName("uma"), "Uma Unlink");
        using (var challenge = await browser.PostAccountFormAsync(ExternalSignInPaths.Link(KitePlugin.TypeName, name)))
        {
            Assert.Equal("/account?status=linked", await browser.FollowCallbackAsync(await browser.AtKiteAsync(challenge, fixture.Kite, person)));
        }

        using var unlinked = await browser.UnlinkAsync(name);

        Assert.Equal("/account?status=unlinked", unlinked.RedirectTarget());
        var page = await browser.AccountPageAsync();
        Assert.DoesNotContain(name, page.Bound);
        Assert.Contains(name, page.Linkable);
        Assert.Empty(await App.KiteBindingsAsync(name));
    }
}
