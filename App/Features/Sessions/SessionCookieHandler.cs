using System.Reflection;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Sessions;

/// <summary>
/// The application cookie's handler, which gives every sign-in a new session key. The stock handler renews the key the
/// request came with (aspnetcore#22135, #47503): whoever knew that key before the sign-in (a planted or copied cookie, or
/// the previous user of a shared browser) would hold the new session. So the previous session is ended first and the
/// handler forgets its key. A refresh of the same session (<see cref="SessionSignIn.Refreshing"/>) keeps it.
/// </summary>
internal sealed class SessionCookieHandler(IOptionsMonitor<CookieAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : CookieAuthenticationHandler(options, logger, encoder)
{
    internal static readonly FieldInfo SessionKeyField =
        typeof(CookieAuthenticationHandler).GetField("_sessionKey", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("CookieAuthenticationHandler no longer has _sessionKey: review SessionCookieHandler.");

    internal static readonly object NoSessionKey = new();

    /// <summary>A cookie whose session ended (signed out elsewhere, revoked, expired) is deleted, as a sign-out would.</summary>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = await base.HandleAuthenticateAsync();
        if (!result.Succeeded && Context.Items.Remove(NoSessionKey) && !Context.Response.HasStarted)
        {
            var cookie = Options.Cookie.Build(Context);
            cookie.Expires = null;
            Options.CookieManager.DeleteCookie(Context, Options.Cookie.Name!, cookie);
        }

        return result;
    }

    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        if (!SessionSignIn.IsRefreshing(Context) && Options.SessionStore is { } store)
        {
            // Reads the request's cookie, which is what sets the key the base class would renew.
            await HandleAuthenticateOnceSafeAsync();
            if (SessionKeyField.GetValue(this) is string previous)
            {
                await store.RemoveAsync(previous, Context, Context.RequestAborted);
                SessionKeyField.SetValue(this, null);
            }
        }

        await base.HandleSignInAsync(user, properties);
    }
}

/// <summary>Marks a sign-in that only refreshes the current session's claims (Identity's <c>RefreshSignInAsync</c>).</summary>
public static class SessionSignIn
{
    private static readonly object RefreshingKey = new();

    public static IDisposable Refreshing(HttpContext context)
    {
        context.Items[RefreshingKey] = true;
        return new Scope(context);
    }

    public static bool IsRefreshing(HttpContext context) => context.Items.ContainsKey(RefreshingKey);

    private sealed class Scope(HttpContext context) : IDisposable
    {
        public void Dispose() => context.Items.Remove(RefreshingKey);
    }
}
