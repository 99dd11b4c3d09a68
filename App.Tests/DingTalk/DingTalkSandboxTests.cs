using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk;

public sealed class DingTalkSandboxTests
{
    [Fact]
    public async Task The_sandbox_refuses_a_redirect_uri_the_app_did_not_register_and_accepts_the_Redirect_URL_once_registered()
    {
        const string name = "registered";
        var app = await DingTalkApp.StartAsync(new Dictionary<string, string?>
        {
            ["DingTalk:Sandbox:Apps:0:RedirectUris:0"] = $"https://elsewhere.example/auth/dingtalk/{name}/callback",
        });
        try
        {
            var view = await app.Admin.AddAuthenticatorAsync(name);
            var person = app.AddSandboxUser("Registered Person");
            using var browser = app.App.CreateBrowser();

            var refused = await browser.OpenDingTalkAsync(name);

            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("This redirect_uri is not registered for the app.", refused.Error);
            Assert.DoesNotContain("sandbox-confirm", refused.Body, StringComparison.Ordinal);

            // The admin copies the Redirect URL from the console into DingTalk's security settings.
            app.App.SetSetting("DingTalk:Sandbox:Apps:0:RedirectUris:0", view.RedirectUrl);

            Assert.Equal("/", await browser.SignInWithDingTalkAsync(name, person));
            Assert.Equal("Registered Person", await browser.HomeNameAsync());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void The_app_refuses_to_start_in_Production_with_the_sandbox_on()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database, environment: "Production", settings: DingTalkApp.Settings());

        var failure = Record.Exception(() => app.BaseAddress);

        Assert.NotNull(failure);
        Assert.Contains("cannot be switched on in Production", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Production_without_the_sandbox_the_app_starts_and_serves_no_sandbox()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database, environment: "Production", settings: DingTalkApp.Settings(new Dictionary<string, string?>
        {
            ["DingTalk:Sandbox:Enabled"] = "false",
        }));
        using var browser = app.CreateBrowser();

        using var health = await browser.GetAsync("/healthz");
        using var sandbox = await browser.GetAsync("/_sandbox/dingtalk/oauth2/auth?client_id=" + DingTalkApp.ClientId);

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, sandbox.StatusCode);
    }

    private static string Messages(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Messages))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Messages(inner) : "");
}
