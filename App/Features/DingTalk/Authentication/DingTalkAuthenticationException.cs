namespace BlazorAuth.Features.DingTalk.Authentication;

/// <summary>Why a DingTalk sign-in failed, as a fixed code the sign-in page can explain.</summary>
public enum DingTalkFailure
{
    StateInvalid,
    StateExpired,
    StateReplayed,
    ConsentDenied,
    ProviderError,
    CodeInvalid,
    InvalidClient,
    PermissionDenied,
    Unavailable,
    Timeout,
    MalformedResponse,
    TokenMissing,
    MissingMobile,
    MissingUnionId,

    /// <summary>The user token's corpId is missing or not one of the authenticator's allowed organisations.</summary>
    OrganisationNotAllowed,
}

public sealed class DingTalkAuthenticationException(
    DingTalkFailure failure,
    string message,
    string? dingTalkCode = null,
    string? requestId = null,
    IReadOnlyList<string>? requiredScopes = null,
    Exception? inner = null) : Exception(message, inner)
{
    public DingTalkFailure Failure { get; } = failure;

    /// <summary>DingTalk's own error code, e.g. "invalidParameter.authCode.notFound". For logs only.</summary>
    public string? DingTalkCode { get; } = dingTalkCode;

    /// <summary>DingTalk's request id, to quote when asking DingTalk's support.</summary>
    public string? RequestId { get; } = requestId;

    public IReadOnlyList<string> RequiredScopes { get; } = requiredScopes ?? [];
}
