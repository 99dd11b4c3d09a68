using System.Text.Encodings.Web;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// What happens around every remote type's handler: a received ticket becomes an application sign-in, a link, or a typed
/// refusal, and every failure ends on /signin (or /account, for a link) with a fixed error code. Details go to the log.
/// </summary>
public sealed class ExternalSignInEvents(
    ExternalProviders providers,
    PublicBaseUrl publicUrls,
    SignInTelemetry telemetry,
    AuditRecorder audit,
    ILogger<ExternalSignInEvents> logger) : OAuthEvents
{
    /// <summary>The redirect_uri comes from the public base URL, so it is exactly the Redirect URL the admin form shows.</summary>
    public override Task RedirectToAuthorizationEndpoint(RedirectContext<OAuthOptions> context)
    {
        var redirectUri = PublicBaseUrl.Combine(publicUrls.For(context.Request), context.Options.CallbackPath);
        context.Response.Redirect(WithRedirectUri(context.RedirectUri, redirectUri));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The challenge URL with its redirect_uri value replaced (or added), encoded the way the handler encoded the rest:
    /// only that value changes, so the URL is not parsed and built again on every sign-in.
    /// </summary>
    internal static string WithRedirectUri(string challengeUrl, string redirectUri)
    {
        const string Name = "redirect_uri=";
        var value = UrlEncoder.Default.Encode(redirectUri);
        var query = challengeUrl.IndexOf('?', StringComparison.Ordinal);
        for (var at = query; at >= 0 && at < challengeUrl.Length; at = challengeUrl.IndexOf('&', at + 1))
        {
            if (string.CompareOrdinal(challengeUrl, at + 1, Name, 0, Name.Length) == 0)
            {
                var start = at + 1 + Name.Length;
                var end = challengeUrl.IndexOf('&', start);
                return string.Concat(challengeUrl.AsSpan(0, start), value, end < 0 ? ReadOnlySpan<char>.Empty : challengeUrl.AsSpan(end));
            }
        }

        return challengeUrl + (query < 0 ? "?" : "&") + Name + value;
    }

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        context.HandleResponse();
        var (provider, name) = ProviderOf(context.Scheme);
        var identity = provider.Definition.ReadIdentity(context.Principal!);

        // Resolved here, not injected: the handler builds these events for every challenge and failure too, and the
        // completion brings Identity's sign-in and user managers with it.
        var completion = context.HttpContext.RequestServices.GetRequiredService<ExternalCompletion>();
        context.Response.Redirect(LinkUserOf(context.Properties) is { } linkUserId
            ? await completion.LinkAsync(context.HttpContext, provider, name, linkUserId, identity)
            : await completion.SignInAsync(provider, name, identity, context.Properties, context.HttpContext.RequestAborted));
    }

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        context.HandleResponse();
        var (provider, name) = ProviderOf(context.Scheme);
        var failures = provider.Definition.Failures;
        var failure = Classify(failures, context.Failure);
        var details = context.Failure is null ? null : failures.Describe(context.Failure);
        logger.LogWarning("{Provider} sign-in on {Authenticator} failed ({Code}): {Message}{Details}",
            provider.Definition.DisplayName, name, failure.Code, context.Failure?.Message, details is null ? "" : " " + details);
        RecordFailure(context.HttpContext, provider, name, context.Properties, failure.Code, context.Failure);
        context.Response.Redirect(ExternalCompletion.FailureUrl(name, context.Properties, failure.Code, failure.Permission, failures.KnownPermissions));
        return Task.CompletedTask;
    }

    public override Task AccessDenied(AccessDeniedContext context)
    {
        context.HandleResponse();
        var (provider, name) = ProviderOf(context.Scheme);
        logger.LogInformation("{Provider} sign-in on {Authenticator} cancelled by the user.", provider.Definition.DisplayName, name);
        RecordFailure(context.HttpContext, provider, name, context.Properties, SignInErrors.ConsentDenied, null);
        context.Response.Redirect(ExternalCompletion.FailureUrl(name, context.Properties, SignInErrors.ConsentDenied, null, null));
        return Task.CompletedTask;
    }

    /// <summary>A failed sign-in counts as an attempt; a failed link is no sign-in, but it is on the audit log as a refused link.</summary>
    private void RecordFailure(HttpContext http, ExternalProvider provider, string name, AuthenticationProperties? properties, string code, Exception? failure)
    {
        if (LinkUserOf(properties) is { } linkUserId)
        {
            audit.LinkRefused(http, linkUserId, name, code, failure);
            return;
        }

        telemetry.Record(http, SignInTelemetry.WebMethod, provider.Type, code);
        audit.ExternalAttempt(http, name, SignInTelemetry.WebMethod, code, failure);
    }

    /// <summary>The provider's own failures in its terms; else the refusals of the stock handler, which every provider shares.</summary>
    public static ExternalFailure Classify(ExternalFailures failures, Exception? failure) => (failure is null ? null : failures.Classify(failure)) ?? failure switch
    {
        // The provider sent ?error=… : the user cancelled, or the provider refused before asking.
        AuthenticationFailureException e when e.Data.Contains("error") => new(SignInErrors.ConsentDenied),
        // State missing or tampered, correlation cookie absent (another browser).
        _ => new(SignInErrors.StateInvalid),
    };

    private (ExternalProvider Provider, string Authenticator) ProviderOf(AuthenticationScheme scheme) =>
        ExternalSignInPaths.TryParseScheme(scheme.Name, out var type, out var name) && providers.Find(type) is { } provider
            ? (provider, name)
            : throw new InvalidOperationException($"Scheme {scheme.Name} belongs to no external provider.");

    internal static string? LinkUserOf(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(ExternalSignInPaths.Items.LinkUser, out var userId) == true && !string.IsNullOrEmpty(userId) ? userId : null;
}
