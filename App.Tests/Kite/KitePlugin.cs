using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Features.SignIn;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Kite;

/// <summary>
/// Kite: a second OAuth2 identity provider that exists only in the tests, to prove that a remote type is one folder
/// plus one registration line (<see cref="KitePlugin.AddKite"/>). Everything after Kite answers is the app's core.
/// </summary>
public sealed class KiteText;

public sealed class KiteAuthenticatorOptions : IExternalSignInSettings
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public bool AutoSignup { get; set; } = true;
}

public sealed class KiteAuthenticatorOptionsValidator : AbstractValidator<KiteAuthenticatorOptions>
{
    public KiteAuthenticatorOptionsValidator(IStringLocalizer<KiteText> L)
    {
        RuleFor(o => o.ClientId).NotEmpty().WithMessage(_ => L["ClientIdRequired"]);
        RuleFor(o => o.ClientSecret).NotEmpty().WithMessage(_ => L["ClientSecretRequired"]);
    }
}

public sealed class KiteAuthenticationOptions : OAuthOptions
{
    public KiteAuthenticationOptions()
    {
        Scope.Add("profile");
        ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "sub");
        ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
        ClaimActions.MapJsonKey(KitePlugin.PhoneClaim, "phone_number");
        ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
        ClaimActions.MapJsonKey(KitePlugin.PictureClaim, "picture");
    }
}

/// <summary>The stock handler, plus the user-info call it leaves to each provider.</summary>
public sealed class KiteAuthenticationHandler(IOptionsMonitor<KiteAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : OAuthHandler<KiteAuthenticationOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Options.UserInformationEndpoint);
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        response.EnsureSuccessStatusCode();
        using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Context.RequestAborted));
        var context = new OAuthCreatingTicketContext(new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, user.RootElement);
        context.RunClaimActions();
        await Events.CreatingTicket(context);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }
}

public static class KitePlugin
{
    public const string PluginName = "auth-kite";
    public const string TypeName = "kite";
    public const string PhoneClaim = "urn:kite:phone";
    public const string PictureClaim = "urn:kite:picture";

    /// <summary>Kite's only permission name /signin may repeat.</summary>
    public const string PhonePermission = "profile.phone";

    /// <summary>The one registration line, e.g. through <c>TestApp</c>'s services hook.</summary>
    public static IServiceCollection AddKite(this IServiceCollection services, KiteServer server)
    {
        services.AddScoped<IValidator<KiteAuthenticatorOptions>, KiteAuthenticatorOptionsValidator>();
        services.AddExternalProvider<KiteAuthenticationOptions, KiteAuthenticationHandler>(new ExternalProviderDefinition(
            TypeName, "Kite", ReadIdentity,
            new ExternalFailures(
                typeof(KiteText),
                new Dictionary<string, string> { [SignInErrors.ConsentDenied] = "ErrorConsentDenied" },
                new HashSet<string> { PhonePermission },
                PermissionMessageKey: null,
                Classify: _ => null,
                Describe: _ => null),
            CanLink: true, ProviderKeyName: "subject", ProviderKeyTitleKey: "Subject"));
        services.ConfigureAll<KiteAuthenticationOptions>(o =>
        {
            o.AuthorizationEndpoint = server.Url("/authorize");
            o.TokenEndpoint = server.Url("/token");
            o.UserInformationEndpoint = server.Url("/userinfo");
        });
        services.AddAuthPlugin(
            new PluginDefinition(PluginName, "@tests/plugin-auth-kite", "1.0.0", BuiltIn: false, typeof(KiteText), "PluginTitle", "PluginDescription"),
            new AuthTypeDefinition(
                TypeName, PluginName, typeof(KiteText), "TypeTitle",
                typeof(KiteAuthenticatorOptions), typeof(KiteSettingsForm), typeof(KiteSignInButton),
                SignInKind.Button, SecretFields: [ExternalProviderDefinition.ClientSecretField], CallbackPath: ExternalSignInSetup.CallbackPathOf(TypeName)));
        return services;
    }

    private static ExternalIdentity ReadIdentity(ClaimsPrincipal principal)
    {
        string? Get(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;
        return new ExternalIdentity(
            Get(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Kite's ticket has no subject."),
            Get(ClaimTypes.Name), Get(PhoneClaim), MobileCountryCode: null, Get(ClaimTypes.Email), Get(PictureClaim));
    }
}
