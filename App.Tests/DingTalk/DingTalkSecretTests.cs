using BlazorAuth.Features.SignIn;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk;

public sealed class DingTalkSecretTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private const string RotatedSecret = "rotated-secret-2b8e41";

    [Fact]
    public async Task After_the_admin_saves_a_new_client_secret_the_next_sign_in_uses_it_without_a_restart()
    {
        var name = DingTalkApp.NewName("rotate");
        await dingTalk.Admin.AddAuthenticatorAsync(name);
        using (var before = dingTalk.App.CreateBrowser())
        {
            Assert.Equal("/", await before.SignInWithDingTalkAsync(name, dingTalk.AddSandboxUser("Before Rotation")));
        }

        // The secret is reset in DingTalk's developer console; BlazorAuth still has the old one.
        dingTalk.App.SetSetting("DingTalk:Sandbox:Apps:0:ClientSecret", RotatedSecret);
        var person = dingTalk.AddSandboxUser("After Rotation");
        using (var stale = dingTalk.App.CreateBrowser())
        {
            var target = await stale.SignInWithDingTalkAsync(name, person);

            Assert.Equal($"/signin?authenticator={name}&error={SignInErrors.InvalidClient}", target);
            Assert.False(stale.HasSessionCookie());
            Assert.Empty(await dingTalk.App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
        }

        var saved = await dingTalk.Admin.EditAuthenticatorAsync(name, clientSecret: RotatedSecret);
        Assert.Contains("clientSecret", saved.SecretsSet);
        Assert.False(saved.Options.ContainsKey("clientSecret"));
        var (_, json) = await dingTalk.Admin.Browser.GetPageAsync($"/api/authenticators/{name}");
        Assert.DoesNotContain(RotatedSecret, json, StringComparison.Ordinal);

        using var after = dingTalk.App.CreateBrowser();
        Assert.Equal("/", await after.SignInWithDingTalkAsync(name, person));
        Assert.Equal("After Rotation", await after.HomeNameAsync());
        Assert.Single(await dingTalk.App.UsersWithMobileAsync(DingTalkData.Normalized(person.Mobile!)));
    }
}
