using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Password;

/// <summary>
/// OWASP's "device cookie" (https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies):
/// after a successful password sign-in, the browser gets a protected, long-lived cookie for that account. A browser
/// that holds it is exempt from the account's lockout, so a stranger's wrong passwords cannot keep the owner out;
/// only failures from other browsers count toward it. A device cookie that itself fails too often (it may have been
/// copied) stops being trusted for one lockout period. Those counts are kept per instance: with N instances a stolen
/// device cookie gets at most N times the attempts, and only after its owner's password was once typed in that browser.
/// </summary>
public sealed class DeviceCookies(
    IDataProtectionProvider dataProtection,
    IOptions<SecurityOptions> security,
    IOptions<IdentityOptions> identity,
    TimeProvider clock)
{
    private const string NamePrefix = "BlazorAuth.Device.";

    private readonly ITimeLimitedDataProtector protector =
        dataProtection.CreateProtector("BlazorAuth.Password.DeviceCookie.v1").ToTimeLimitedDataProtector();

    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.Ordinal);

    /// <summary>True when this browser holds a valid device cookie of <paramref name="user"/> that has not failed too often.</summary>
    public bool IsTrusted(HttpContext http, AppUser user) => DeviceOf(http, user) is { } device && !IsDeviceLockedOut(device);

    /// <summary>Counts a wrong password from a trusted browser against that device cookie alone.</summary>
    public void RecordFailure(HttpContext http, AppUser user)
    {
        if (DeviceOf(http, user) is not { } device)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var window = identity.Value.Lockout.DefaultLockoutTimeSpan;
        failures.AddOrUpdate(device,
            _ => new Failures(1, now + window),
            (_, old) => old.Until <= now ? new Failures(1, now + window) : old with { Count = old.Count + 1 });
        Prune(now);
    }

    /// <summary>Gives this browser a fresh device cookie of <paramref name="user"/> after a successful password sign-in.</summary>
    public void Issue(HttpContext http, AppUser user)
    {
        if (DeviceOf(http, user) is { } old)
        {
            failures.TryRemove(old, out _);
        }

        var lifetime = security.Value.DeviceCookieLifetime;
        var device = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var value = protector.Protect($"{user.Id}\n{device}", clock.GetUtcNow() + lifetime);
        http.Response.Cookies.Append(NameFor(user), value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            // Only the sign-in form reads it: other requests do not carry it.
            Path = http.Request.PathBase.Add(IdentitySetup.SignInPath).Value,
            MaxAge = lifetime,
        });
    }

    private string? DeviceOf(HttpContext http, AppUser user)
    {
        if (!http.Request.Cookies.TryGetValue(NameFor(user), out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var payload = protector.Unprotect(value, out var expires);
            var parts = payload.Split('\n');
            return parts.Length == 2 && parts[0] == user.Id && expires > clock.GetUtcNow() ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            // Tampered, expired or from another key ring: simply not a known device.
            return null;
        }
    }

    private bool IsDeviceLockedOut(string device) =>
        failures.TryGetValue(device, out var f) && f.Until > clock.GetUtcNow() && f.Count >= identity.Value.Lockout.MaxFailedAccessAttempts;

    private void Prune(DateTimeOffset now)
    {
        foreach (var (device, f) in failures)
        {
            if (f.Until <= now)
            {
                failures.TryRemove(device, out _);
            }
        }
    }

    /// <summary>One cookie per account and browser; the name hides the user id.</summary>
    private static string NameFor(AppUser user) =>
        NamePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.Id)))[..16];

    private sealed record Failures(int Count, DateTimeOffset Until);
}
