using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Kite;

/// <summary>An admin sets Kite up through the same API as any type: its validation, its Redirect URL, its place on /signin.</summary>
public sealed class KiteConsoleTests(KiteApp fixture) : IClassFixture<KiteApp>
{
    [Fact]
    public async Task Kite_settings_without_a_client_id_are_refused_with_Kites_message()
    {
        var name = KiteApp.NewName("invalid");

        (await fixture.Admin.PostAsync("/api/authenticators", new
        {
            name,
            type = KitePlugin.TypeName,
            enabled = true,
            options = new { clientSecret = KiteServer.ClientSecret },
        })).ShouldReject("options.clientId", "Kite needs a Client ID.");

        (await fixture.Admin.GetAsync($"/api/authenticators/{name}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_Kite_authenticator_answers_its_redirect_url_and_never_its_secret()
    {
        var name = await fixture.AddAuthenticatorAsync("redirect");

        var view = (await fixture.Admin.GetAsync($"/api/authenticators/{name}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(new Uri(fixture.App.BaseAddress, $"auth/kite/{name}/callback").AbsoluteUri, view.Json.GetProperty("redirectUrl").GetString());
        Assert.Equal(["clientSecret"], view.Json.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(KiteServer.ClientSecret, view.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kite_buttons_stand_on_signin_in_the_order_the_admin_gave_them()
    {
        var first = await fixture.AddAuthenticatorAsync("first", title: "Kite First");
        var second = await fixture.AddAuthenticatorAsync("second", title: "Kite Second");
        Assert.True(Array.IndexOf(await fixture.App.SignInButtonsAsync(), first) < Array.IndexOf(await fixture.App.SignInButtonsAsync(), second));

        (await fixture.Admin.PostAsync($"/api/authenticators/{second}/move", new { before = first })).ShouldBe(HttpStatusCode.NoContent);

        var buttons = await fixture.App.SignInButtonsAsync();
        Assert.True(Array.IndexOf(buttons, second) >= 0 && Array.IndexOf(buttons, second) < Array.IndexOf(buttons, first), string.Join(", ", buttons));
        using var browser = fixture.App.CreateBrowser();
        var (_, html) = await browser.GetPageAsync("/signin");
        Assert.Contains("Kite Second", html, StringComparison.Ordinal);
    }
}
