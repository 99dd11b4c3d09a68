using System.Net;
using BlazorAuth.Infrastructure.Security;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// Who shares a bucket. Loopback is a trusted proxy in tests as in a same-host install, so X-Forwarded-For names the
/// client, and a test can be a thousand clients.
/// </summary>
public sealed class RateLimitScopeTests
{
    private const string Password = "User!Pass12345";

    [Fact]
    public async Task A_spray_of_one_account_from_many_addresses_is_limited_while_its_owner_and_other_people_still_sign_in()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["RateLimiting:AccountFailures:PermitLimit"] = "5",
            ["RateLimiting:AccountFailures:Window"] = "01:00:00",
        });
        await app.CreateUserAsync("sprayed", Password, "Sprayed Owner");
        await app.CreateUserAsync("bystander", Password, "Bystander");
        using var owner = app.CreateBrowser();
        Assert.Null(await owner.TrySignInAsync("sprayed", Password));
        using (await owner.SignOutAsync())
        {
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var attacker = FromAddress(app, $"203.0.113.{i + 1}");
            using var response = await attacker.SignInAsync("sprayed", $"Guess!{i}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)), statuses);
        using (var limited = FromAddress(app, "203.0.113.200"))
        {
            using var correct = await limited.SignInAsync("sprayed", Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, correct.StatusCode);
            Assert.Contains("You have tried to sign in too often.", await correct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Null(await owner.TrySignInAsync("sprayed", Password));
        using var other = FromAddress(app, "198.51.100.7");
        Assert.Null(await other.TrySignInAsync("bystander", Password));
    }

    [Fact]
    public async Task An_unknown_login_is_limited_like_a_real_one_so_a_429_tells_nothing()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["RateLimiting:AccountFailures:PermitLimit"] = "3" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var attacker = FromAddress(app, $"203.0.113.{i + 1}");
            using var response = await attacker.SignInAsync("nobody-here", $"Guess!{i}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("2001:db8:1:2::10", "2001:db8:1:2:ffff::99", true)]
    [InlineData("2001:db8:1:2::10", "2001:db8:1:3::10", false)]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.2", false)]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1", true)]
    public async Task IPv6_clients_share_a_bucket_per_64_and_IPv4_mapped_clients_are_told_apart(string first, string second, bool shared)
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["RateLimiting:SignIn:PermitLimit"] = "2" });
        for (var i = 0; i < 2; i++)
        {
            using var browser = FromAddress(app, first);
            using var _ = await browser.SignInAsync(TestApp.AdminEmail, "Wrong!Pass999");
        }

        using var next = FromAddress(app, second);
        using var response = await next.SignInAsync(TestApp.AdminEmail, "Wrong!Pass999");

        Assert.Equal(shared ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(shared, ClientAddress.PartitionKey(IPAddress.Parse(first)) == ClientAddress.PartitionKey(IPAddress.Parse(second)));
    }

    [Fact]
    public async Task With_loopback_trust_off_a_loopback_peers_forwarded_address_is_ignored()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?>
        {
            ["RateLimiting:SignIn:PermitLimit"] = "2",
            ["ForwardedHeaders:TrustLoopback"] = "false",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var browser = FromAddress(app, $"203.0.113.{i + 1}");
            using var response = await browser.SignInAsync(TestApp.AdminEmail, "Wrong!Pass999");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task With_loopback_trusted_each_forwarded_address_is_its_own_client()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["RateLimiting:SignIn:PermitLimit"] = "2" });

        for (var i = 0; i < 3; i++)
        {
            using var browser = FromAddress(app, $"203.0.113.{i + 1}");
            using var response = await browser.SignInAsync(TestApp.AdminEmail, "Wrong!Pass999");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>A browser whose requests reach the app through a (loopback) proxy that appended <paramref name="address"/>.</summary>
    private static BrowserClient FromAddress(TestApp app, string address)
    {
        var browser = app.CreateBrowser();
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return browser;
    }
}
