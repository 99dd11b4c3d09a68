using System.Security.Claims;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Account;

/// <summary>
/// Linking, unlinking and setting or changing a password need a sign-in (or a confirmation) within
/// <c>Security:RecentAuthenticationWindow</c>: someone with a minute at an unlocked browser, or with a copied cookie, must
/// first prove who they are. Enforced by the endpoints themselves; the page only leads the way.
/// </summary>
public sealed class RecentSignIn(SessionDirectory sessions, UserManager<AppUser> users, TimeProvider clock, IOptionsMonitor<SecurityOptions> security)
{
    public const string ConfirmPath = "/account/confirm";

    /// <summary>The actions a confirmation returns to: POSTs under /account (link, unlink) and the password page.</summary>
    public static bool IsAction(string? action) =>
        action is not null
        && !action.Contains("//", StringComparison.Ordinal) && !action.Contains('\\') && !action.Contains('?') && !action.Contains('#')
        && (action == SignIn.SignInRedirect.ChangePassword
            || action.StartsWith(AccountMessages.PagePath + "/link/", StringComparison.Ordinal)
            || action.StartsWith(AccountMessages.PagePath + "/unlink/", StringComparison.Ordinal));

    public static bool IsPostAction(string action) => action != SignIn.SignInRedirect.ChangePassword;

    public static string ConfirmUrl(string action) => $"{ConfirmPath}?action={Uri.EscapeDataString(action)}";

    /// <summary>
    /// Whether this session proved who the user is recently. The claim can be a cached copy: when it looks too old the
    /// record decides, since a confirmation on another instance updated only the record.
    /// </summary>
    public async Task<bool> IsRecentAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (IsRecent(SessionClaims.AuthenticatedAtOf(principal)))
        {
            return true;
        }

        return SessionClaims.IdOf(principal) is { } sessionId && users.GetUserId(principal) is { } userId
            && IsRecent(await sessions.AuthenticatedAtAsync(sessionId, userId, ct));
    }

    /// <summary>Null to go ahead; otherwise the way to the confirmation, which comes back to <paramref name="action"/>.</summary>
    public async Task<IResult?> RequireAsync(HttpContext http, string action) =>
        await IsRecentAsync(http.User, http.RequestAborted) ? null : Results.Redirect(ConfirmUrl(action));

    /// <summary>After a link, unlink or password change: the user's other sessions end at once, this one stays.</summary>
    public static async Task EndOtherSessionsIfAsync(bool changed, HttpContext http, ClaimsPrincipal principal, string userId)
    {
        if (changed)
        {
            await http.RequestServices.GetRequiredService<SessionDirectory>()
                .EndAllAsync(userId, SessionClaims.IdOf(principal) ?? "", http.RequestAborted);
        }
    }

    private bool IsRecent(DateTime? authenticatedAt) =>
        authenticatedAt is { } at && clock.GetUtcNow().UtcDateTime - at <= security.CurrentValue.RecentAuthenticationWindow;
}

public static class RecentSignInExtensions
{
    /// <summary>Null to go ahead with <paramref name="action"/>; otherwise the redirect to "Confirm it's you".</summary>
    public static Task<IResult?> RequireRecentSignInAsync(this HttpContext http, string action) =>
        http.RequestServices.GetRequiredService<RecentSignIn>().RequireAsync(http, action);
}
