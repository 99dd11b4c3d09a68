using System.Net;
using AngleSharp.Html.Parser;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Support;

/// <summary>Bodies, set-up steps and database reads for the plugin and authenticator tests.</summary>
public static class AuthenticatorTestData
{
    public const string DingTalkPlugin = "auth-dingtalk";
    public const string PasswordPlugin = "auth-password";
    public const string KeepOneEnabled = "Please keep and enable at least one authenticator";
    public const string AdminLockout = "Administrators would be locked out";

    public static object DingTalkBody(
        string name, string? clientId = "ding-client-id", string? clientSecret = "ding-secret-0001", bool enabled = true, string? title = null) =>
        new { name, type = "dingtalk", title, enabled, options = new { clientId, clientSecret, autoSignup = true } };

    public static object Password(string name, bool enabled = true, string? title = null) =>
        new { name, type = "password", title, enabled, options = new { } };

    public static async Task SetPluginAsync(this ApiClient admin, string plugin, bool enabled) =>
        (await admin.PutAsync($"/api/plugins/{plugin}", new { enabled })).ShouldBe(HttpStatusCode.OK);

    public static async Task<ApiResponse> CreateAsync(this ApiClient admin, object body) =>
        (await admin.PostAsync("/api/authenticators", body)).ShouldBe(HttpStatusCode.Created);

    /// <summary>The Auth UIDs of GET /api/authenticators, in the order the API gives them.</summary>
    public static async Task<string[]> NamesAsync(this ApiClient admin) =>
        [.. (await admin.GetAsync("/api/authenticators")).ShouldBe(HttpStatusCode.OK).Json.EnumerateArray().Select(a => a.GetProperty("name").GetString()!)];

    public static Task<Authenticator?> AuthenticatorRowAsync(this TestApp app, string name) =>
        app.WithDbAsync(db => db.Authenticators.AsNoTracking().FirstOrDefaultAsync(a => a.Name == name));

    /// <summary>The stored secrets of <paramref name="name"/>, decrypted with the app's own Data Protection.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> StoredSecretsAsync(this TestApp app, string name)
    {
        var row = await app.AuthenticatorRowAsync(name) ?? throw new InvalidOperationException($"No authenticator {name}.");
        return app.Services.GetRequiredService<AuthenticatorSecrets>().Unprotect(row.ProtectedSecrets);
    }

    public static Task<string> UserIdAsync(this TestApp app, string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());

    /// <summary>Records that <paramref name="userId"/> has signed in through <paramref name="authenticator"/>, as a DingTalk sign-in would.</summary>
    public static Task BindAsync(this TestApp app, string userId, string authenticator, string unionId) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Authenticators.Where(a => a.Name == authenticator).Select(a => a.Id).SingleAsync();
            db.UserBindings.Add(new UserBinding
            {
                AuthenticatorId = id,
                UserId = userId,
                ProviderKey = unionId,
                Nick = "Bound user",
                FirstSignInAt = DateTime.UtcNow,
                LastSignInAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

    public static Task<int> BindingsOfAsync(this TestApp app, string authenticator) =>
        app.WithDbAsync(db => db.UserBindings.CountAsync(b => b.Authenticator!.Name == authenticator));

    /// <summary>The Auth UIDs of the external sign-in buttons an anonymous visitor sees on /signin, top to bottom.</summary>
    public static async Task<string[]> SignInButtonsAsync(this TestApp app)
    {
        using var browser = app.CreateBrowser();
        var (status, html) = await browser.GetPageAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, status);
        var document = new HtmlParser().ParseDocument(html);
        return [.. document.QuerySelectorAll("a.signin-external[data-authenticator]").Select(a => a.GetAttribute("data-authenticator")!)];
    }
}
