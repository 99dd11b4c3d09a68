using System.Net;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Fuzz;

/// <summary>
/// The app for the fuzz suite: the DingTalk sandbox with one authenticator, a test-only low hashing cost and raised
/// rate limits (hashing and the limits have tests of their own), an administrator and a plain user.
/// </summary>
public sealed class FuzzApp : IAsyncLifetime
{
    public const string UserName = "fuzz-user";
    public const string UserPassword = "Fuzz!Pass12345";

    public TestApp App { get; } = new(settings: DingTalkApp.Settings(new Dictionary<string, string?>
    {
        ["Identity:PasswordHasher:IterationCount"] = "1",
        ["RateLimiting:SignIn:PermitLimit"] = "1000000",
        ["RateLimiting:ExternalSignIn:PermitLimit"] = "1000000",
        ["RateLimiting:ConnectionTest:PermitLimit"] = "1000000",
        ["RateLimiting:AccountFailures:PermitLimit"] = "1000000",
        ["Logging:LogLevel:Default"] = "Warning",
    }));

    public DingTalkAdmin Admin { get; private set; } = null!;

    /// <summary>Ids of users the admin phase may lock, edit or delete (never the admin itself, whose session the phase needs).</summary>
    public List<string> VictimIds { get; } = [];

    public async Task InitializeAsync()
    {
        Admin = await DingTalkAdmin.SignInAsync(App);
        await Admin.SetPluginActiveAsync(true);
        await Admin.AddAuthenticatorAsync(FuzzCases.DingTalkName);
        await App.CreateUserAsync(UserName, UserPassword, "Fuzz User");
        for (var i = 0; i < 3; i++)
        {
            VictimIds.Add((await App.CreateUserAsync($"victim-{i}", UserPassword, $"Victim {i}")).Id);
        }
    }

    public async Task<BrowserClient> SignedInUserAsync()
    {
        var browser = App.CreateBrowser();
        using var response = await browser.SignInAsync(UserName, UserPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>The rows no refused request may add, change the number of, or remove.</summary>
    public Task<(int Users, int Bindings, int Authenticators, int Plugins)> RowCountsAsync() =>
        App.WithDbAsync(async db => (await db.Users.CountAsync(), await db.UserBindings.CountAsync(),
            await db.Authenticators.CountAsync(), await db.Plugins.CountAsync()));

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}
