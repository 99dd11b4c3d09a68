using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Sessions;

/// <summary>The sessions list's form posts on /account: sign out one other session, or every other one.</summary>
public static class AccountSessionsEndpoints
{
    public const string EndOthersPath = "/account/sessions/end-others";
    public const string SessionEnded = "session_ended";
    public const string OthersEnded = "others_ended";

    public static string EndPath(string sessionId) => $"/account/sessions/{Uri.EscapeDataString(sessionId)}/end";

    /// <summary>Maps under the /account group, which requires a signed-in user and a valid antiforgery token.</summary>
    public static RouteGroupBuilder MapAccountSessions(this RouteGroupBuilder account)
    {
        account.MapPost("/sessions/end-others", async (HttpContext http, UserManager<AppUser> users, SessionDirectory sessions) =>
        {
            if (users.GetUserId(http.User) is not { } userId)
            {
                return Results.Challenge();
            }

            await sessions.EndAllAsync(userId, SessionClaims.IdOf(http.User) ?? "", http.RequestAborted);
            return Results.Redirect($"/account?status={OthersEnded}");
        });

        account.MapPost("/sessions/{sessionId}/end", async (string sessionId, HttpContext http, UserManager<AppUser> users, SessionDirectory sessions) =>
        {
            if (users.GetUserId(http.User) is not { } userId)
            {
                return Results.Challenge();
            }

            // This browser's own session ends through "Sign out"; another user's id is simply not found.
            var ended = sessionId != SessionClaims.IdOf(http.User) && await sessions.EndAsync(userId, sessionId, http.RequestAborted);
            return Results.Redirect(ended ? $"/account?status={SessionEnded}" : "/account?error=session_not_found");
        });

        return account;
    }
}
