namespace BlazorAuth.Features.Audit;

/// <summary>
/// What a sign-in flow learnt along the way, left on the request for its audit record: the user it resolved to and the
/// session it created. Set by one-line hooks in the flows, read only by <see cref="AuditRecorder"/>.
/// </summary>
public static class AuditNotes
{
    private const string UserKey = "blazorauth.audit.user";
    private const string SessionKey = "blazorauth.audit.session";

    public static void User(HttpContext? http, string? userId)
    {
        if (http is not null && userId is not null)
        {
            http.Items[UserKey] = userId;
        }
    }

    public static void Session(HttpContext? http, string sessionId)
    {
        if (http is not null)
        {
            http.Items[SessionKey] = sessionId;
        }
    }

    internal static string? UserOf(HttpContext http) => http.Items.TryGetValue(UserKey, out var id) ? id as string : null;

    internal static string? SessionOf(HttpContext http) => http.Items.TryGetValue(SessionKey, out var id) ? id as string : null;
}
