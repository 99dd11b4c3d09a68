using System.Net;
using System.Security.Claims;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Passwords;

/// <summary>Steps and reads for the password sign-in tests: real /signin posts, real rows.</summary>
public static class PasswordTestSteps
{
    public const string GenericRefusal = "The email, user name or password is incorrect, or this account cannot sign in right now.";

    /// <summary>The app's own hasher (its configured cost) inside a test's decorator that counts or holds verifications.</summary>
    public static Action<IServiceCollection> HasherWrappedBy(Func<IPasswordHasher<AppUser>, IPasswordHasher<AppUser>> wrap) =>
        services => services.AddScoped(provider => wrap(new PasswordHasher<AppUser>(provider.GetRequiredService<IOptions<PasswordHasherOptions>>())));

    /// <summary>Posts the /signin form once and answers the alert it shows, or null when it signed in.</summary>
    public static async Task<string?> TrySignInAsync(this BrowserClient browser, string login, string password)
    {
        using var response = await browser.SignInAsync(login, password);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Html.AlertText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>What a stranger does: <paramref name="times"/> wrong passwords for <paramref name="login"/>, each refused.</summary>
    public static async Task FloodAsync(this TestApp app, string login, int times)
    {
        using var stranger = app.CreateBrowser();
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(GenericRefusal, await stranger.TrySignInAsync(login, $"Wrong!Guess{i}"));
        }
    }

    /// <summary>True while Identity's timed lockout (after wrong passwords) is on for the user.</summary>
    public static async Task<bool> InTimedLockoutAsync(this TestApp app, string userId) =>
        (await app.UserRowAsync(userId)).LockoutEnd > DateTimeOffset.UtcNow;

    /// <summary>The user's open console circuit, as the circuit's revalidation sees it: the principal of a sign-in through <paramref name="authenticator"/>.</summary>
    public static Task<ClaimsPrincipal> ConsolePrincipalAsync(this TestApp app, string userId, string authenticator) =>
        app.WithScopeAsync(async services =>
        {
            var signIn = services.GetRequiredService<SignInManager<AppUser>>();
            var user = await signIn.UserManager.FindByIdAsync(userId) ?? throw new InvalidOperationException($"No user {userId}.");
            var principal = await signIn.CreateUserPrincipalAsync(user);
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.AuthenticationMethod, authenticator));
            return await services.InNewSessionAsync(principal);
        });

    /// <summary>Whether the console would keep a circuit of <paramref name="principal"/> open now.</summary>
    public static Task<bool> CircuitStillValidAsync(this TestApp app, ClaimsPrincipal principal) =>
        app.WithScopeAsync(services =>
            ((RevalidatingIdentityAuthenticationStateProvider)services.GetRequiredService<AuthenticationStateProvider>()).IsStillValidAsync(principal));
}
