namespace BlazorAuth.Features.SignIn;

/// <summary>
/// The fixed list of reasons any external sign-in ends back on /signin. Each provider may add codes of its own and word
/// these in its own terms (see <c>ExternalFailures</c>). The page shows the localised text of a known code and never any
/// text taken from the query string.
/// </summary>
public static class SignInErrors
{
    public const string AuthenticatorUnavailable = "authenticator_unavailable";
    public const string AuthenticatorMisconfigured = "authenticator_misconfigured";
    public const string ConsentDenied = "consent_denied";
    public const string StateInvalid = "state_invalid";
    public const string StateExpired = "state_expired";
    public const string StateReplayed = "state_replayed";
    public const string ProviderError = "provider_error";
    public const string CodeInvalid = "code_invalid";
    public const string InvalidClient = "invalid_client";
    public const string PermissionDenied = "permission_denied";
    public const string Unavailable = "provider_unavailable";
    public const string Timeout = "provider_timeout";
    public const string MalformedResponse = "malformed_response";
    public const string TokenMissing = "token_missing";
    public const string MissingMobile = "missing_mobile";
    public const string UserNotFound = "user_not_found";
    public const string MobileAmbiguous = "mobile_ambiguous";
    public const string MobileBoundElsewhere = "mobile_bound_elsewhere";
    public const string AccountUnavailable = "account_unavailable";

    /// <summary>The verified mobile belongs to an administrator, who is never signed in by a phone match.</summary>
    public const string AdminMustLink = "admin_must_link";

    /// <summary>The verified mobile belongs to a user, and the authenticator does not match users by mobile.</summary>
    public const string MobileMustLink = "mobile_must_link";

    /// <summary>Not a failure: the user unlinked, on /account, the binding they were signed in with.</summary>
    public const string UnlinkedSignedOut = "unlinked_signed_out";

    /// <summary>Code → resource key in <see cref="SignInText"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> MessageKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AuthenticatorUnavailable] = "ErrorAuthenticatorUnavailable",
        [AuthenticatorMisconfigured] = "ErrorAuthenticatorMisconfigured",
        [ConsentDenied] = "ErrorConsentDenied",
        [StateInvalid] = "ErrorStateInvalid",
        [StateExpired] = "ErrorStateExpired",
        [StateReplayed] = "ErrorStateReplayed",
        [ProviderError] = "ErrorProviderError",
        [CodeInvalid] = "ErrorCodeInvalid",
        [InvalidClient] = "ErrorInvalidClient",
        [PermissionDenied] = "ErrorPermissionDenied",
        [Unavailable] = "ErrorUnavailable",
        [Timeout] = "ErrorTimeout",
        [MalformedResponse] = "ErrorMalformedResponse",
        [TokenMissing] = "ErrorTokenMissing",
        [MissingMobile] = "ErrorMissingMobile",
        [UserNotFound] = "ErrorUserNotFound",
        [MobileAmbiguous] = "ErrorMobileAmbiguous",
        [MobileBoundElsewhere] = "ErrorMobileBoundElsewhere",
        [AccountUnavailable] = "ErrorAccountUnavailable",
        [AdminMustLink] = "ErrorAdminMustLink",
        [MobileMustLink] = "ErrorMobileMustLink",
        [UnlinkedSignedOut] = "ErrorUnlinkedSignedOut",
    };

    public static string Url(string authenticator, string code) =>
        $"/signin?authenticator={Uri.EscapeDataString(authenticator)}&error={Uri.EscapeDataString(code)}";
}
