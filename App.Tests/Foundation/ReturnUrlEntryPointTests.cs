using System.Net;
using BlazorAuth.Tests.Account;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// A non-ASCII, overlong or backslashed return URL, at every entry point that takes one: percent-encoded or dropped for
/// the default landing page, never a 500 (Kestrel refuses a non-ASCII Location header).
/// </summary>
public sealed class ReturnUrlEntryPointTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private const string Password = "User!Pass12345";

    private TestApp App => dingTalk.App;

    public static TheoryData<string, string> Hostile => new()
    {
        { "/é", "/%C3%A9" },
        { "/用户?名=值", "/%E7%94%A8%E6%88%B7?%E5%90%8D=%E5%80%BC" },
        { "/a\\b", "/" },
        { "/" + new string('a', 3000), "/" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task The_password_sign_in_page(string returnUrl, string expected)
    {
        var userName = DingTalkApp.NewName("ret-pw");
        await App.CreateUserAsync(userName, Password);
        using var browser = App.CreateBrowser();

        using var response = await browser.SignInAsync(userName, Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.RedirectTarget());
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task The_DingTalk_login(string returnUrl, string expected)
    {
        var name = DingTalkApp.NewName("ret-dt");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var person = dingTalk.AddSandboxUser("Return Url");
        using var browser = App.CreateBrowser();

        Assert.Equal(expected, await browser.SignInWithDingTalkAsync(name, person, returnUrl));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task The_language_switch(string returnUrl, string expected)
    {
        using var browser = App.CreateBrowser();
        var token = Html.AntiforgeryTokenForAction(await browser.Http.GetStringAsync("/signin"), "/culture");

        using var response = await browser.Http.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "nl-NL",
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.RedirectTarget());
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task The_link_form_ends_on_account_whatever_return_url_it_carries(string returnUrl, string expected)
    {
        _ = expected;
        var name = DingTalkApp.NewName("ret-link");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        var userName = DingTalkApp.NewName("ret-linker");
        await App.CreateUserAsync(userName, Password);
        var person = dingTalk.AddSandboxUser("Return Linker");
        using var browser = App.CreateBrowser();
        using (await browser.SignInAsync(userName, Password))
        {
        }

        var html = await browser.Http.GetStringAsync("/account");
        using var challenge = await browser.Http.PostAsync($"{AccountSteps.LinkAction(name)}?returnUrl={Uri.EscapeDataString(returnUrl)}",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Html.AntiforgeryTokenForAction(html, AccountSteps.LinkAction(name)),
                ["returnUrl"] = returnUrl,
            }));
        using var linked = await browser.FollowDingTalkAsync(challenge, person.UnionId);

        Assert.Equal("/account?status=linked", linked.RedirectTarget());
    }
}
