using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Bench;

/// <summary>Setting up a running app for a load mode, through its documented HTTP contract.</summary>
public static class BenchAdmin
{
    public const string Password = "Bench!Pass12345";

    /// <summary>Users made through the admin API, each with <paramref name="password"/>; answers their user names.</summary>
    public static async Task<IReadOnlyList<string>> CreateUsersAsync(
        Uri baseAddress, string adminEmail, string adminPassword, string prefix, int count, string password)
    {
        using var admin = new BrowserClient(baseAddress);
        using (var signedIn = await admin.SignInAsync(adminEmail, adminPassword))
        {
            if (signedIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"The administrator could not sign in: {(int)signedIn.StatusCode}.");
            }
        }

        var run = Guid.NewGuid().ToString("N")[..6];
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var userName = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{run}-{i}");
            using var created = await admin.Http.PostAsJsonAsync("/api/users",
                new { displayName = userName, userName, roles = Array.Empty<string>(), password });
            if (created.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Could not create {userName}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            }

            names.Add(userName);
        }

        return names;
    }
}

/// <summary>"--name value" pairs.</summary>
public sealed class BenchArgs(Dictionary<string, string> values)
{
    public static BenchArgs Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new BenchArgs(values);
    }

    public string Get(string name, string? fallback = null) =>
        values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
