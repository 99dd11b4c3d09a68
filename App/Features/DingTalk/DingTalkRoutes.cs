using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;

namespace BlazorAuth.Features.DingTalk;

public static class DingTalkRoutes
{
    public static IEndpointRouteBuilder MapDingTalk(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth/dingtalk/{name}").AllowAnonymous();

        group.MapGet("/login", (string name, string? returnUrl, AuthenticatorSnapshot authenticators, AuthenticatorSecrets secrets, ILoggerFactory logs) =>
        {
            // Never fall back to another authenticator: an unknown, disabled or inactive one is an error.
            if (authenticators.FindUsable(name, DingTalkPlugin.TypeName) is not { } authenticator)
            {
                return Results.Redirect(SignInErrors.Url(name, SignInErrors.AuthenticatorUnavailable));
            }

            if (!HasReadableSecret(authenticator, secrets, logs))
            {
                return Results.Redirect(SignInErrors.Url(name, SignInErrors.AuthenticatorMisconfigured));
            }

            var properties = new AuthenticationProperties();
            if (LocalUrl.IsLocal(returnUrl))
            {
                properties.Items[DingTalkAuthenticationDefaults.Items.ReturnUrl] = returnUrl;
            }

            return Results.Challenge(properties, [DingTalkAuthenticationDefaults.SchemeFor(name)]);
        })
        .RequireRateLimiting(RateLimitingSetup.SignInPolicy)
        .WithMetadata(new ChallengeEndpointMarker());

        // Reached only when no scheme owns this callback: the authenticator was disabled, deleted or its plugin switched off.
        group.MapGet("/callback", (string name) => Results.Redirect(SignInErrors.Url(name, SignInErrors.AuthenticatorUnavailable)))
            .DisableRateLimiting();

        return endpoints;
    }

    /// <summary>False (and logged for the admin) when the stored Client Secret cannot be decrypted, e.g. after the key ring changed.</summary>
    internal static bool HasReadableSecret(Authenticator authenticator, AuthenticatorSecrets secrets, ILoggerFactory logs)
    {
        if (secrets.TryUnprotect(authenticator.ProtectedSecrets)?.ContainsKey(DingTalkPlugin.ClientSecretField) == true)
        {
            return true;
        }

        logs.CreateLogger(typeof(DingTalkRoutes)).LogError(
            "DingTalk authenticator {Authenticator} has no readable Client Secret (the Data Protection key ring may have changed); an admin must enter it again.",
            authenticator.Name);
        return false;
    }
}
