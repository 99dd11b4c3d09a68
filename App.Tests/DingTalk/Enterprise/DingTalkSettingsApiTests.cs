using System.Net;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.DingTalk.Enterprise;

/// <summary>The company settings of a DingTalk authenticator through the admin API: defaults, round trip, refusals.</summary>
public sealed class DingTalkSettingsApiTests(SharedApp shared) : IClassFixture<SharedApp>, IAsyncLifetime
{
    private ApiClient admin = null!;

    private TestApp App => shared.App;

    public async Task InitializeAsync()
    {
        admin = await ApiClient.SignInAsync(App);
        await admin.SetPluginAsync(DingTalkPlugin, true);
    }

    public Task DisposeAsync()
    {
        admin.Dispose();
        return Task.CompletedTask;
    }

    private static object Body(string name, object extra) => new
    {
        name,
        type = "dingtalk",
        enabled = true,
        options = Merge(new { clientId = "ding-client-id", clientSecret = "ding-secret-0001", autoSignup = true }, extra),
    };

    private static Dictionary<string, object?> Merge(object a, object b)
    {
        var all = new Dictionary<string, object?>();
        foreach (var source in new[] { a, b })
        {
            foreach (var property in source.GetType().GetProperties())
            {
                all[char.ToLowerInvariant(property.Name[0]) + property.Name[1..]] = property.GetValue(source);
            }
        }

        return all;
    }

    [Fact]
    public async Task A_new_DingTalk_authenticator_without_the_company_settings_reads_back_todays_behaviour()
    {
        var name = DingTalkApp.NewName("defaults");
        await admin.CreateAsync(DingTalkBody(name));

        var options = (await admin.GetAsync($"/api/authenticators/{name}")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("options");

        Assert.Empty(options.GetProperty("allowedCorpIds").EnumerateArray());
        Assert.Equal("mobile", options.GetProperty("matchBy").GetString());
        Assert.False(options.GetProperty("updateProfile").GetBoolean());
        Assert.True(options.GetProperty("showButton").GetBoolean());
        Assert.Equal("dingtalk", options.GetProperty("buttonIcon").GetString());
        Assert.False(options.GetProperty("autoRedirect").GetBoolean());
        Assert.False(options.TryGetProperty("clientSecret", out _));
    }

    [Fact]
    public async Task An_authenticator_stored_before_the_company_settings_existed_reads_back_their_defaults()
    {
        var name = DingTalkApp.NewName("legacy");
        await admin.CreateAsync(DingTalkBody(name));
        await App.WithDbAsync(db => db.Authenticators.Where(a => a.Name == name)
            .ExecuteUpdateAsync(a => a.SetProperty(r => r.OptionsJson, "{\"clientId\":\"ding-client-id\",\"autoSignup\":false}")));

        var options = (await admin.GetAsync($"/api/authenticators/{name}")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("options");

        Assert.Equal("ding-client-id", options.GetProperty("clientId").GetString());
        Assert.False(options.GetProperty("autoSignup").GetBoolean());
        Assert.Equal("mobile", options.GetProperty("matchBy").GetString());
        Assert.True(options.GetProperty("showButton").GetBoolean());
        Assert.Empty(options.GetProperty("allowedCorpIds").EnumerateArray());
    }

    [Fact]
    public async Task Every_company_setting_is_saved_and_read_back_as_given()
    {
        var name = DingTalkApp.NewName("company");
        await admin.CreateAsync(Body(name, new
        {
            allowedCorpIds = new[] { "dingacme0001", "ding_globex-2" },
            matchBy = "none",
            updateProfile = true,
            showButton = false,
            buttonIcon = "none",
            autoRedirect = true,
        }));

        var options = (await admin.GetAsync($"/api/authenticators/{name}")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("options");

        Assert.Equal(["dingacme0001", "ding_globex-2"], options.GetProperty("allowedCorpIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("none", options.GetProperty("matchBy").GetString());
        Assert.True(options.GetProperty("updateProfile").GetBoolean());
        Assert.False(options.GetProperty("showButton").GetBoolean());
        Assert.Equal("none", options.GetProperty("buttonIcon").GetString());
        Assert.True(options.GetProperty("autoRedirect").GetBoolean());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("")]
    [InlineData("ünicode")]
    public async Task A_corpId_outside_the_pattern_is_refused_on_allowedCorpIds(string corpId)
    {
        var name = DingTalkApp.NewName("badcorp");

        var response = await admin.PostAsync("/api/authenticators", Body(name, new { allowedCorpIds = new[] { "dingok", corpId } }));

        response.ShouldReject("options.allowedCorpIds", $"A corpId has 1 to 64 characters: letters, digits, \"_\" and \"-\". \"{corpId}\" is not one.");
        Assert.Null(await App.AuthenticatorRowAsync(name));
    }

    [Fact]
    public async Task A_corpId_of_65_characters_is_refused_and_one_of_64_accepted()
    {
        var tooLong = await admin.PostAsync("/api/authenticators", Body(DingTalkApp.NewName("long"), new { allowedCorpIds = new[] { new string('c', 65) } }));
        tooLong.ShouldReject("options.allowedCorpIds", $"A corpId has 1 to 64 characters: letters, digits, \"_\" and \"-\". \"{new string('c', 65)}\" is not one.");

        await admin.CreateAsync(Body(DingTalkApp.NewName("long"), new { allowedCorpIds = new[] { new string('c', 64) } }));
    }

    [Fact]
    public async Task More_than_50_corpIds_are_refused_and_50_accepted()
    {
        var many = await admin.PostAsync("/api/authenticators", Body(DingTalkApp.NewName("many"), new { allowedCorpIds = Enumerable.Range(0, 51).Select(i => $"corp{i}").ToArray() }));
        many.ShouldReject("options.allowedCorpIds", "At most 50 organisations can be allowed.");

        await admin.CreateAsync(Body(DingTalkApp.NewName("many"), new { allowedCorpIds = Enumerable.Range(0, 50).Select(i => $"corp{i}").ToArray() }));
    }

    [Fact]
    public async Task A_corpId_listed_twice_is_refused()
    {
        var response = await admin.PostAsync("/api/authenticators", Body(DingTalkApp.NewName("twice"), new { allowedCorpIds = new[] { "dingacme", "dingother", "dingacme" } }));

        response.ShouldReject("options.allowedCorpIds", "The corpId \"dingacme\" is listed twice.");
    }

    [Theory]
    [InlineData("email")]
    [InlineData("Mobile")]
    [InlineData("")]
    public async Task An_unknown_matchBy_is_a_400_naming_the_field(string matchBy)
    {
        var response = await admin.PostAsync("/api/authenticators", Body(DingTalkApp.NewName("match"), new { matchBy }));

        response.ShouldReject("options.matchBy", "Match existing users by must be \"mobile\" or \"none\".");
    }

    [Theory]
    [InlineData("logo")]
    [InlineData("")]
    public async Task An_unknown_buttonIcon_is_a_400_naming_the_field(string buttonIcon)
    {
        var response = await admin.PostAsync("/api/authenticators", Body(DingTalkApp.NewName("icon"), new { buttonIcon }));

        response.ShouldReject("options.buttonIcon", "Button icon must be \"dingtalk\" or \"none\".");
    }

    [Fact]
    public async Task Editing_the_settings_keeps_the_stored_secret()
    {
        var name = DingTalkApp.NewName("edit");
        await admin.CreateAsync(DingTalkBody(name));

        (await admin.PutAsync($"/api/authenticators/{name}", new
        {
            enabled = true,
            options = new { clientId = "ding-client-id", autoSignup = true, allowedCorpIds = new[] { "dingacme" }, matchBy = "none" },
        })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("ding-secret-0001", (await App.StoredSecretsAsync(name))["clientSecret"]);
        var options = (await admin.GetAsync($"/api/authenticators/{name}")).Json.GetProperty("options");
        Assert.Equal("none", options.GetProperty("matchBy").GetString());
    }
}
