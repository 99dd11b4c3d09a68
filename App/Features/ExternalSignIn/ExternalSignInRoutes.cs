using System.Globalization;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>GET /auth/{type}/{name}/login and the callback's fallback, for every remote type.</summary>
public static class ExternalSignInRoutes
{
    public static IEndpointRouteBuilder MapExternalSignIn(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth/{type}/{name}").AllowAnonymous();

        group.MapGet("/login", (string type, string name, string? returnUrl, ExternalChallenges challenges) =>
        {
            // Never fall back to another authenticator: an unknown, disabled or inactive one is an error.
            if (challenges.Usable(type, name) is not { } authenticator)
            {
                return Results.Redirect(SignInErrors.Url(name, SignInErrors.AuthenticatorUnavailable));
            }

            if (!challenges.HasReadableSecrets(authenticator))
            {
                return Results.Redirect(SignInErrors.Url(name, SignInErrors.AuthenticatorMisconfigured));
            }

            var properties = challenges.NewProperties();
            if (LocalUrl.IsLocal(returnUrl))
            {
                properties.Items[ExternalSignInPaths.Items.ReturnUrl] = returnUrl;
            }

            return Results.Challenge(properties, [ExternalSignInPaths.Scheme(type, name)]);
        })
        .RequireRateLimiting(RateLimitingSetup.SignInPolicy)
        .WithMetadata(new ChallengeEndpointMarker());

        // Reached only when no scheme owns this callback: the authenticator was disabled, deleted or its plugin switched off.
        group.MapGet("/callback", (string name) => Results.Redirect(SignInErrors.Url(name, SignInErrors.AuthenticatorUnavailable)))
            .DisableRateLimiting();

        return endpoints;
    }
}

/// <summary>What starting a sign-in or a link checks, and the state items it starts with.</summary>
public sealed class ExternalChallenges(
    AuthenticatorSnapshot authenticators,
    ExternalProviders providers,
    AuthenticatorSecrets secrets,
    TimeProvider clock,
    ILogger<ExternalChallenges> logger)
{
    /// <summary>The usable authenticator of a remote type by that name; null for anything else.</summary>
    public Authenticator? Usable(string type, string name) =>
        providers.Find(type) is null ? null : authenticators.FindUsable(name, type);

    /// <summary>False (and logged for the admin) when a stored secret cannot be decrypted, e.g. after the key ring changed.</summary>
    public bool HasReadableSecrets(Authenticator authenticator)
    {
        if (secrets.CanRead(authenticator.ProtectedSecrets, authenticators.TypeOf(authenticator)?.SecretFields ?? []))
        {
            return true;
        }

        logger.LogError(
            "Authenticator {Authenticator} ({Type}) has no readable Client Secret (the Data Protection key ring may have changed); an admin must enter it again.",
            authenticator.Name, authenticator.Type);
        return false;
    }

    /// <summary>A challenge's properties, stamped with the time the state is issued so the callback can expire it.</summary>
    public AuthenticationProperties NewProperties()
    {
        var properties = new AuthenticationProperties();
        properties.Items[ExternalSignInPaths.Items.IssuedAt] = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return properties;
    }
}
