using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.SignIn;

namespace BlazorAuth.Features.DingTalk;

/// <summary>DingTalk's failures as the core tells them: the code of each, DingTalk's words, and the permissions it names.</summary>
public static class DingTalkSignInFailures
{
    /// <summary>DingTalk's own code, beside the generic ones of <see cref="SignInErrors"/>.</summary>
    public const string MissingUnionId = "missing_union_id";

    /// <summary>The user's DingTalk organisation (corpId) is not one the authenticator allows, or DingTalk named none.</summary>
    public const string OrganisationNotAllowed = "organisation_not_allowed";

    /// <summary>An in-app sign-in was posted for an authenticator whose in-app sign-in is off.</summary>
    public const string InAppOff = "in_app_off";

    /// <summary>An in-app code came a second time.</summary>
    public const string CodeReplayed = "code_replayed";

    /// <summary>DingTalk permission scopes /signin may name; anything else in the query is ignored.</summary>
    public static readonly IReadOnlySet<string> KnownScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Contact.User.Read",
        "Contact.User.mobile",
        "Contact.User.email",
        "openid",
        "corpid",
        // The internal app's permission to read members (topapi/v2/user/get), as topapi names it.
        "qyapi_get_member",
    };

    /// <summary>Code → key in <see cref="DingTalkText"/>: DingTalk's own code, and the generic codes it says in its own words.</summary>
    public static readonly IReadOnlyDictionary<string, string> MessageKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SignInErrors.ConsentDenied] = "ErrorConsentDenied",
        [SignInErrors.ProviderError] = "ErrorProviderError",
        [SignInErrors.CodeInvalid] = "ErrorCodeInvalid",
        [SignInErrors.InvalidClient] = "ErrorInvalidClient",
        [SignInErrors.PermissionDenied] = "ErrorPermissionDenied",
        [SignInErrors.Unavailable] = "ErrorUnavailable",
        [SignInErrors.Timeout] = "ErrorTimeout",
        [SignInErrors.MalformedResponse] = "ErrorMalformedResponse",
        [SignInErrors.MissingMobile] = "ErrorMissingMobile",
        [MissingUnionId] = "ErrorMissingUnionId",
        [OrganisationNotAllowed] = "ErrorOrganisationNotAllowed",
        [InAppOff] = "ErrorInAppOff",
        [CodeReplayed] = "ErrorCodeReplayed",
        [SignInErrors.MobileBoundElsewhere] = "ErrorMobileBoundElsewhere",
        [SignInErrors.AdminMustLink] = "ErrorAdminMustLink",
        [SignInErrors.MobileMustLink] = "ErrorMobileMustLink",
    };

    public static ExternalFailures Definition { get; } = new(
        typeof(DingTalkText), MessageKeys, KnownScopes, "ErrorPermissionDeniedScope", Classify, Describe);

    /// <summary>The code, and for a missing permission the first scope the page knows, of a DingTalk failure.</summary>
    public static ExternalFailure? Classify(Exception failure) => failure is DingTalkAuthenticationException e
        ? new(e.Failure switch
        {
            DingTalkFailure.StateInvalid => SignInErrors.StateInvalid,
            DingTalkFailure.StateExpired => SignInErrors.StateExpired,
            DingTalkFailure.StateReplayed => SignInErrors.StateReplayed,
            DingTalkFailure.ConsentDenied => SignInErrors.ConsentDenied,
            DingTalkFailure.CodeInvalid => SignInErrors.CodeInvalid,
            DingTalkFailure.InvalidClient => SignInErrors.InvalidClient,
            DingTalkFailure.PermissionDenied => SignInErrors.PermissionDenied,
            DingTalkFailure.Unavailable => SignInErrors.Unavailable,
            DingTalkFailure.Timeout => SignInErrors.Timeout,
            DingTalkFailure.MalformedResponse => SignInErrors.MalformedResponse,
            DingTalkFailure.TokenMissing => SignInErrors.TokenMissing,
            DingTalkFailure.MissingMobile => SignInErrors.MissingMobile,
            DingTalkFailure.MissingUnionId => MissingUnionId,
            DingTalkFailure.OrganisationNotAllowed => OrganisationNotAllowed,
            _ => SignInErrors.ProviderError,
        }, e.Failure == DingTalkFailure.PermissionDenied ? e.RequiredScopes.FirstOrDefault(KnownScopes.Contains) : null)
        : null;

    private static string? Describe(Exception failure) => failure is DingTalkAuthenticationException e
        ? $"DingTalk code {e.DingTalkCode}, requestid {e.RequestId}, required scopes {string.Join(",", e.RequiredScopes)}."
        : null;
}
