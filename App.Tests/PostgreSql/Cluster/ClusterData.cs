using System.Security.Cryptography;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;
using Npgsql;

namespace BlazorAuth.Tests.PostgreSql.Cluster;

internal static class ClusterData
{
    public static SandboxUser Person(ClusterFixture cluster, string nick)
    {
        var tag = RandomNumberGenerator.GetHexString(12, lowercase: true);
        var user = new SandboxUser($"union-{tag}", $"open-{tag}", nick, DingTalkApp.UniqueMobile(), "86", null, null);
        cluster.Sandbox.AddUser(user);
        return user;
    }

    /// <summary>
    /// The app's login, then DingTalk's authorize page and its Confirm link, which is relative to DingTalk (here the
    /// fake's origin, not the app's); answers the callback URL, not yet visited. Any other answer throws.
    /// </summary>
    public static async Task<string> AuthorizeAsync(BrowserClient browser, string authenticator, SandboxUser person)
    {
        using var login = await browser.GetAsync(DingTalkBrowser.LoginUrl(authenticator));
        if (login.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The login answered {(int)login.StatusCode}.");
        }

        var authorize = login.Headers.Location!;
        using var page = await browser.GetAsync(authorize.AbsoluteUri);
        var confirmLink = new Support.SandboxAuthorizePage(page.StatusCode, await page.Content.ReadAsStringAsync()).ConfirmLinkFor(person);
        using var confirm = await browser.GetAsync(new Uri(authorize, confirmLink).AbsoluteUri);
        if (confirm.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"DingTalk's Confirm answered {(int)confirm.StatusCode}.");
        }

        return confirm.Headers.Location!.AbsoluteUri;
    }

    public static Task<long> UsersWithUnionIdAsync(ClusterFixture cluster, string unionId) =>
        ScalarAsync(cluster, "SELECT count(DISTINCT u.\"Id\") FROM \"AspNetUsers\" u JOIN \"UserBindings\" b ON b.\"UserId\" = u.\"Id\" WHERE b.\"ProviderKey\" = @p", unionId);

    public static async Task<long> ScalarAsync(ClusterFixture cluster, string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("p", parameter) } };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The same URL (nginx's callback, say) sent straight to one instance.</summary>
    public static string On(Uri instance, string url) => new UriBuilder(url) { Port = instance.Port }.Uri.AbsoluteUri;

    /// <summary>A browser on <paramref name="instance"/> holding the cookies <paramref name="from"/> holds for <paramref name="url"/>.</summary>
    public static BrowserClient Holding(Uri instance, BrowserClient from, string url)
    {
        var browser = new BrowserClient(instance);
        browser.Cookies.Add(from.Cookies.GetCookies(new Uri(url)));
        return browser;
    }
}
