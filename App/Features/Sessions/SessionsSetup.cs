using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Sessions;

public static class SessionsSetup
{
    /// <summary>
    /// A session unused for longer than the cookie's sliding lifetime is over (its ticket has expired); the margin covers
    /// last-seen updates being at most once a minute.
    /// </summary>
    internal static readonly TimeSpan IdleCutoff = IdentitySetup.SlidingLifetime + TimeSpan.FromMinutes(5);

    /// <summary>Call after <see cref="IdentitySetup.AddAppIdentity"/>: it replaces the application cookie's handler.</summary>
    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMemoryCache();
        services.AddSingleton<SessionCommits>();
        services.AddSingleton<DbTicketStore>();
        services.AddSingleton<SessionDirectory>();
        services.AddScoped<SessionDisplay>();
        services.AddScoped<ISessionList, SessionList>();
        services.AddScoped<Account.RecentSignIn>();
        services.AddScoped<Account.PasswordConfirmation>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DbTicketStore>((options, store) => options.SessionStore = store);
        services.Configure<AuthenticationOptions>(options =>
            options.SchemeMap[IdentityConstants.ApplicationScheme].HandlerType = typeof(SessionCookieHandler));
        services.AddHostedService<SessionPurge>();
        return builder;
    }
}
