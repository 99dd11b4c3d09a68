using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Bench;

/// <summary>
/// What the default limits let through: a password flood at one account from one client, then a spray of it from
/// many addresses (one wrong password each, through a loopback "proxy" naming the address). During each, another
/// account signs in from another client, and the attacked account's owner from the browser that holds its device cookie.
/// </summary>
public static class RateLimitProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        var baseAddress = new Uri(options.Get("base-url"));
        var flood = options.Int("flood", 300);
        var spray = options.Int("spray", 1000);
        var users = await BenchAdmin.CreateUsersAsync(baseAddress, options.Get("admin-email"), options.Get("admin-password"), "limits", 4, BenchAdmin.Password);

        Console.WriteLine($"# Rate limits at their defaults, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine("| attack | attempts | checked (refused) | limited (429) | other | other account, other client | owner, known device |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---|");
        var ok = await ProbeAsync(baseAddress, $"flood: {flood} wrong passwords from one client", users[0], users[1],
            Enumerable.Repeat("198.51.100.10", flood));
        ok &= await ProbeAsync(baseAddress, $"spray: one wrong password from each of {spray} addresses", users[2], users[3],
            Enumerable.Range(0, spray).Select(i => $"203.0.{113 + i / 250}.{i % 250 + 1}"));
        return ok ? 0 : 1;
    }

    private static async Task<bool> ProbeAsync(Uri baseAddress, string attack, string victim, string bystander, IEnumerable<string> addresses)
    {
        using var owner = Browser(baseAddress, "192.0.2.50");
        await SignInAsync(owner, victim, BenchAdmin.Password, expectSuccess: true);
        // Signed out, as the owner would be the next morning: the session cookie is gone, the device cookie stays.
        owner.Cookies.GetAllCookies().Where(c => c.Name.Contains("Session", StringComparison.Ordinal)).ToList().ForEach(c => c.Expired = true);

        var counts = new Dictionary<HttpStatusCode, int>();
        var sent = 0;
        var attackTask = Task.Run(async () =>
        {
            foreach (var address in addresses)
            {
                using var attacker = Browser(baseAddress, address);
                using var response = await attacker.SignInAsync(victim, $"Guess!{sent}");
                counts[response.StatusCode] = counts.GetValueOrDefault(response.StatusCode) + 1;
                Interlocked.Increment(ref sent);
            }
        });

        // Once the limits have long bitten, the two people who must still get in try, while the attack goes on.
        while (Volatile.Read(ref sent) < 60 && !attackTask.IsCompleted)
        {
            await Task.Delay(20);
        }

        using var other = Browser(baseAddress, "192.0.2.77");
        var otherOk = await SignInAsync(other, bystander, BenchAdmin.Password, expectSuccess: true);
        var ownerOk = await SignInAsync(owner, victim, BenchAdmin.Password, expectSuccess: true);
        await attackTask;

        var total = counts.Values.Sum();
        var refused = counts.GetValueOrDefault(HttpStatusCode.OK);
        var limited = counts.GetValueOrDefault(HttpStatusCode.TooManyRequests);
        Console.WriteLine($"| {attack} | {total} | {refused} | {limited} | {total - refused - limited} | {(otherOk ? "signed in" : "REFUSED")} | {(ownerOk ? "signed in" : "REFUSED")} |");
        return otherOk && ownerOk && total - refused - limited == 0;
    }

    private static BrowserClient Browser(Uri baseAddress, string address)
    {
        var browser = new BrowserClient(baseAddress);
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return browser;
    }

    private static async Task<bool> SignInAsync(BrowserClient browser, string login, string password, bool expectSuccess)
    {
        using var response = await browser.SignInAsync(login, password);
        return (response.StatusCode == HttpStatusCode.Redirect) == expectSuccess;
    }
}
