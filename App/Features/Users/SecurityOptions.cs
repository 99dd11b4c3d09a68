namespace BlazorAuth.Features.Users;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// How soon existing sessions end after a security-stamp change (password change or reset, removed binding, and
    /// whatever else an admin action stamps), a lockout, or when the authenticator they were signed in through is
    /// disabled, deleted or its plugin deactivated. Zero checks cookies on every request; live circuits at most every 250 ms.
    /// </summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a browser's device cookie (set by a successful password sign-in) exempts it from that account's lockout.</summary>
    public TimeSpan DeviceCookieLifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Secure cookies, HSTS and the <c>__Host-</c> session cookie whatever the request's scheme; see <c>TransportSecurity</c>.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>The longest a session lives, however active: after it, the browser signs in again.</summary>
    public TimeSpan SessionAbsoluteLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How recent a sign-in must be for linking, unlinking and setting or changing a password.</summary>
    public TimeSpan RecentAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(5);
}
