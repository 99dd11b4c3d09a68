using System.Net;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Sessions;

public static class SessionSteps
{
    public static string SessionCookieValue(this BrowserClient browser) =>
        browser.Cookies.GetCookies(browser.Http.BaseAddress!).Single(c => c.Name == BrowserClientExtensions.SessionCookie).Value;

    /// <summary>A plain HTTP client that sends only the given session cookie, as someone who copied it would.</summary>
    public static BrowserClient Replaying(this TestApp app, string cookieValue)
    {
        var client = app.CreateBrowser();
        client.Cookies.Add(app.BaseAddress, new Cookie(BrowserClientExtensions.SessionCookie, cookieValue));
        return client;
    }

    /// <summary>The session key inside a cookie, unprotected with the app's own keys.</summary>
    public static string SessionKeyIn(this TestApp app, string cookieValue)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = options.TicketDataFormat.Unprotect(cookieValue) ?? throw new InvalidOperationException("Not a session cookie of this app.");
        return ticket.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")!.Value;
    }

    public static Task<List<UserSession>> SessionsOfAsync(this TestApp app, string userId) =>
        app.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.UserId == userId).ToListAsync());
}
