using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>What DingTalk says about a person is checked before it touches the database: a clear outcome, never an exception.</summary>
public sealed class HostileProfileTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task An_overlong_nick_is_cut_to_the_column_and_the_sign_up_goes_ahead()
    {
        var name = await AuthenticatorAsync("long-nick");
        var nick = new string('长', 127) + "😀" + new string('x', 400);
        var person = Person(nick: nick);

        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));

        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Equal(nick[..127], user.DisplayName);
        Assert.Equal(nick[..127], Assert.Single(await App.BindingsOfAsync(name)).Nick);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@at@signs.example")]
    [InlineData("spaces in@mail.example")]
    public async Task An_email_Identity_would_refuse_is_dropped_and_the_sign_up_goes_ahead(string email)
    {
        var name = await AuthenticatorAsync("bad-email");
        var person = Person(email: email);

        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));

        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Null(user.Email);
        Assert.Null(Assert.Single(await App.BindingsOfAsync(name)).Email);
    }

    [Fact]
    public async Task An_overlong_email_and_a_script_avatar_are_dropped()
    {
        var name = await AuthenticatorAsync("bad-avatar");
        var person = Person(email: new string('a', 300) + "@example.com", avatar: "javascript:alert(1)");

        using var browser = App.CreateBrowser();
        Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));

        var user = Assert.Single(await App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        Assert.Null(user.Email);
        Assert.Null(user.AvatarUrl);
    }

    [Fact]
    public async Task A_mobile_that_cannot_be_read_is_missing_mobile_and_nothing_is_created()
    {
        var name = await AuthenticatorAsync("bad-mobile");
        var person = Person(mobile: "138-call-me");
        var before = await App.WithDbAsync(db => db.Users.CountAsync());

        using var browser = App.CreateBrowser();
        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal(SignInErrors.MissingMobile, DingTalkBrowser.ErrorCode(target));
        Assert.Equal(before, await App.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Empty(await App.BindingsOfAsync(name));
    }

    [Fact]
    public async Task A_key_too_long_to_store_is_a_malformed_answer_and_nothing_is_created()
    {
        var name = await AuthenticatorAsync("long-key");
        var person = Person() with { UnionId = "union-" + new string('k', 200) };
        dingTalk.Sandbox.AddUser(person);
        var before = await App.WithDbAsync(db => db.Users.CountAsync());

        using var browser = App.CreateBrowser();
        var target = await browser.SignInWithDingTalkAsync(name, person);

        Assert.Equal(SignInErrors.MalformedResponse, DingTalkBrowser.ErrorCode(target));
        Assert.NotNull(await browser.SignInErrorShownAsync(target));
        Assert.Equal(before, await App.WithDbAsync(db => db.Users.CountAsync()));
    }

    private async Task<string> AuthenticatorAsync(string prefix)
    {
        var name = DingTalkApp.NewName(prefix);
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: true);
        return name;
    }

    private SandboxUser Person(string nick = "Hostile Profile", string? email = null, string? mobile = null, string? avatar = null)
    {
        var person = dingTalk.AddSandboxUser(nick, email, mobile);
        if (avatar is not null)
        {
            person = person with { AvatarUrl = avatar };
            dingTalk.Sandbox.AddUser(person);
        }

        return person;
    }
}
