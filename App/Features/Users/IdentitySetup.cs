using System.Security.Claims;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorAuth.Features.Users;

public static class IdentitySetup
{
    public const string SignInPath = "/signin";
    public const string ReturnUrlParameter = "returnUrl";
    public const int PasswordHashIterations = 210_000;
    public const string SessionCookieName = "BlazorAuth.Session";

    /// <summary>The cookie's sliding lifetime: a session unused this long is over.</summary>
    public static readonly TimeSpan SlidingLifetime = TimeSpan.FromHours(8);

    public static WebApplicationBuilder AddAppIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AdminOptions>(builder.Configuration.GetSection(AdminOptions.Section));
        services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
        services.AddScoped<ISeeder, AdminSeeder>();

        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Stores.MaxLengthForKeys = 128;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();
        services.Replace(ServiceDescriptor.Scoped<IUserValidator<AppUser>, OptionalEmailUserValidator>());
        services.AddScoped<AppSecurityStampValidator>();
        services.Replace(ServiceDescriptor.Singleton<ISecurityStampValidator, DeferredSecurityStampValidator>());
        services.AddScoped<IUserDirectory, UserDirectory>();

        // Operators (and tests) can tune lockout and password rules under "Identity".
        services.Configure<IdentityOptions>(builder.Configuration.GetSection("Identity"));

        // OWASP's current bar for PBKDF2-HMAC-SHA512 (Identity's v3 format); older hashes are upgraded at the next sign-in.
        services.Configure<PasswordHasherOptions>(options => options.IterationCount = PasswordHashIterations);
        services.Configure<PasswordHasherOptions>(builder.Configuration.GetSection("Identity:PasswordHasher"));

        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var transport = TransportSecurity.From(builder.Configuration);
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = security.SessionRevalidationInterval;
            options.OnRefreshingPrincipal = KeepSignInMethod;
        });

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = SignInPath;
            options.AccessDeniedPath = "/error/403";
            options.ReturnUrlParameter = ReturnUrlParameter;
            // Switching Security:RequireHttps on renames the cookie, which signs everyone out once.
            options.Cookie.Name = transport.CookieName(SessionCookieName);
            options.Cookie.Path = "/";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = SlidingLifetime;
            options.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized, redirect: true);
            // A sign-in posted to /signin?returnUrl=… is sent there by the cookie handler itself, with the raw value:
            // made safe here, or a non-ASCII return URL ends in a 500 (Kestrel refuses the header).
            options.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(LocalUrl.OrDefault(context.RedirectUri, "/"));
                return Task.CompletedTask;
            };
            options.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden, redirect: false);
        });
        services.ConfigureExternalCookie(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddCascadingAuthenticationState();
        services.AddScoped<RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<AuthenticationStateProvider>(StateProviderFor);
        services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// A static page render (its scope serves the request for a component endpoint) gets the plain provider: the
    /// revalidating one starts its circuit loop as soon as it is handed a signed-in user, and on a static render that
    /// loop's timer is cancelled, with an exception, when the response ends. Every other scope, a circuit's, revalidates.
    /// </summary>
    private static AuthenticationStateProvider StateProviderFor(IServiceProvider services) =>
        services.GetService<IHttpContextAccessor>()?.HttpContext?.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            ? new ServerAuthenticationStateProvider()
            : services.GetRequiredService<RevalidatingIdentityAuthenticationStateProvider>();

    private static Task KeepSignInMethod(SecurityStampRefreshingPrincipalContext context)
    {
        // Identity rebuilds the principal from the database and would drop how the user signed in and which session this is.
        foreach (var type in new[] { ClaimTypes.AuthenticationMethod, AppClaimTypes.AuthenticationMethodReference, SessionClaims.SessionId, SessionClaims.AuthenticatedAt })
        {
            if (context.CurrentPrincipal?.FindFirst(type) is { } claim
                && context.NewPrincipal?.Identity is ClaimsIdentity identity
                && !identity.HasClaim(c => c.Type == type))
            {
                identity.AddClaim(new Claim(type, claim.Value));
            }
        }

        return Task.CompletedTask;
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status, bool redirect)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return Results.Problem(statusCode: status).ExecuteAsync(context.HttpContext);
        }

        if (redirect)
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        // A real 403: the status-code page renders the body, no redirect.
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
