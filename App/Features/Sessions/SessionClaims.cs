using System.Security.Claims;

namespace BlazorAuth.Features.Sessions;

/// <summary>Claims the session store adds to every principal it hands out, so pages and circuits know which session they are.</summary>
public static class SessionClaims
{
    public const string SessionId = "blazorauth:session_id";

    /// <summary>When the user last proved who they are in this session (UTC, round-trip format).</summary>
    public const string AuthenticatedAt = "blazorauth:auth_time";

    public static string? IdOf(ClaimsPrincipal? principal) => principal?.FindFirstValue(SessionId);

    public static DateTime? AuthenticatedAtOf(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(AuthenticatedAt) is { } value
        && DateTime.TryParse(value, null, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    internal static void Set(ClaimsPrincipal principal, string sessionId, DateTime authenticatedAt)
    {
        if (principal.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        foreach (var stale in identity.FindAll(c => c.Type is SessionId or AuthenticatedAt).ToList())
        {
            identity.RemoveClaim(stale);
        }

        identity.AddClaim(new Claim(SessionId, sessionId));
        identity.AddClaim(new Claim(AuthenticatedAt, authenticatedAt.ToString("O")));
    }
}
