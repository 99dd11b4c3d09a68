using System.Text.Json;
using System.Text.RegularExpressions;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Security;
using BlazorAuth.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Authentication;

namespace BlazorAuth.Features.DingTalk.InApp;

/// <summary>
/// POST /auth/dingtalk/{name}/in-app: the code the page got from dd.requestAuthCode, exchanged by the server, then the
/// same resolution, session and landing as the web flow. Every refusal ends on /signin with a code, never retried.
/// </summary>
public sealed partial class DingTalkInAppSignIn(
    ExternalChallenges challenges,
    ExternalProviders providers,
    ExternalStateStore states,
    ExternalCompletion completion,
    AuthenticatorSecrets secrets,
    DingTalkTopApi topApi,
    SignInTelemetry telemetry,
    ILogger<DingTalkInAppSignIn> logger)
{
    /// <summary>The telemetry method of an in-app sign-in, beside the web flow's "web".</summary>
    public const string Method = "in_app";

    /// <summary>DingTalk's code lives 5 minutes; it is remembered a little longer than that.</summary>
    public static readonly TimeSpan CodeMemory = TimeSpan.FromMinutes(10);

    public const int MaxCodeLength = 128;

    public static string Path(string authenticator) => $"/auth/{DingTalkPlugin.TypeName}/{Uri.EscapeDataString(authenticator)}/in-app";

    public async Task<string> SignInAsync(HttpContext http, string name, string? code, string? returnUrl)
    {
        var provider = providers.Find(DingTalkPlugin.TypeName)!;
        if (challenges.Usable(DingTalkPlugin.TypeName, name) is not { } authenticator)
        {
            return Refuse(http, name, SignInErrors.AuthenticatorUnavailable, "the authenticator is unknown, disabled or its plugin is off");
        }

        var settings = JsonSerializer.Deserialize<DingTalkAuthenticatorOptions>(authenticator.OptionsJson, AuthenticatorStore.Json) ?? new();
        if (!settings.InAppSignIn || string.IsNullOrEmpty(settings.InAppCorpId))
        {
            return Refuse(http, name, DingTalkSignInFailures.InAppOff, "in-app sign-in is off for this authenticator");
        }

        if (!challenges.HasReadableSecrets(authenticator)
            || secrets.TryUnprotect(authenticator.ProtectedSecrets)?.GetValueOrDefault(DingTalkPlugin.ClientSecretField) is not { Length: > 0 } clientSecret)
        {
            return Refuse(http, name, SignInErrors.AuthenticatorMisconfigured, "the Client Secret cannot be read");
        }

        if (code is null || !CodePattern().IsMatch(code))
        {
            return Refuse(http, name, SignInErrors.CodeInvalid, "the posted code is missing or not a DingTalk code");
        }

        // The app token belongs to the internal app's one organisation: that is the person's organisation.
        if (settings.CorpIds.Count > 0 && !settings.CorpIds.Contains(settings.InAppCorpId, StringComparer.Ordinal))
        {
            return Refuse(http, name, DingTalkSignInFailures.OrganisationNotAllowed, $"the app's organisation {settings.InAppCorpId} is not an allowed one");
        }

        // Before any call: a code seen once is never exchanged again, on any instance.
        if (!await states.ConsumeOnceAsync($"{DingTalkPlugin.TypeName}-in-app:{name}", code, CodeMemory, http.RequestAborted))
        {
            return Refuse(http, name, DingTalkSignInFailures.CodeReplayed, "the code was posted before");
        }

        ExternalIdentity identity;
        try
        {
            identity = await topApi.ExchangeAsync(name, settings.ClientId!, clientSecret, code, http.RequestAborted);
        }
        catch (DingTalkAuthenticationException ex)
        {
            var failure = DingTalkSignInFailures.Classify(ex)!;
            logger.LogWarning("DingTalk in-app sign-in on {Authenticator} failed ({Code}): {Message} DingTalk code {DingTalkCode}, request_id {RequestId}, permission {Permission}.",
                name, failure.Code, ex.Message, ex.DingTalkCode, ex.RequestId, failure.Permission ?? ex.RequiredScopes.FirstOrDefault());
            telemetry.Record(http, Method, DingTalkPlugin.TypeName, failure.Code);
            return ExternalCompletion.FailureUrl(name, null, failure.Code, failure.Permission, DingTalkSignInFailures.KnownScopes);
        }

        var properties = new AuthenticationProperties();
        if (LocalUrl.IsLocal(returnUrl))
        {
            properties.Items[ExternalSignInPaths.Items.ReturnUrl] = returnUrl;
        }

        return await completion.SignInAsync(provider, name, identity, properties, http.RequestAborted, Method);
    }

    private string Refuse(HttpContext http, string name, string code, string why)
    {
        logger.LogWarning("DingTalk in-app sign-in on {Authenticator} refused ({Code}): {Why}.", name, code, why);
        telemetry.Record(http, Method, DingTalkPlugin.TypeName, code);
        return SignInErrors.Url(name, code);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex CodePattern();
}
