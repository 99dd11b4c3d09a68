using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.SignIn;

namespace BlazorAuth.Features.Account;

/// <summary>
/// The fixed list of outcomes /account reports after a redirect. The page shows the localised text of a known code,
/// never text taken from the query string.
/// </summary>
public static class AccountMessages
{
    public const string PagePath = LinkResults.AccountPath;

    public const string Linked = LinkResults.Linked;
    public const string Unlinked = "unlinked";

    public const string AuthenticatorUnavailable = SignInErrors.AuthenticatorUnavailable;
    public const string LinkCancelled = SignInErrors.ConsentDenied;
    public const string AccountUnavailable = SignInErrors.AccountUnavailable;
    public const string BoundToAnotherUser = LinkResults.BoundToAnotherUser;
    public const string AlreadyLinked = LinkResults.AlreadyLinked;
    public const string LinkSessionChanged = LinkResults.LinkSessionChanged;
    public const string LastSignInMethod = "last_sign_in_method";
    public const string BindingNotFound = "binding_not_found";

    /// <summary>Status code → resource key in <see cref="AccountText"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> StatusKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Linked] = "StatusLinked",
        [Unlinked] = "StatusUnlinked",
        [Sessions.AccountSessionsEndpoints.SessionEnded] = "StatusSessionEnded",
        [Sessions.AccountSessionsEndpoints.OthersEnded] = "StatusOthersEnded",
    };

    /// <summary>
    /// Error code → resource key in <see cref="AccountText"/>. Other failures while linking arrive with a
    /// <see cref="SignInErrors"/> code and are told in <see cref="SignInText"/>'s words.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ErrorKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AuthenticatorUnavailable] = "ErrorLinkUnavailable",
        [LinkCancelled] = "ErrorLinkCancelled",
        [AccountUnavailable] = "ErrorAccountUnavailable",
        [BoundToAnotherUser] = "ErrorBoundToAnotherUser",
        [AlreadyLinked] = "ErrorAlreadyLinked",
        [LinkSessionChanged] = "ErrorLinkSessionChanged",
        [LastSignInMethod] = "ErrorLastSignInMethod",
        [BindingNotFound] = "ErrorBindingNotFound",
        ["session_not_found"] = "ErrorSessionNotFound",
    };

    public static string StatusUrl(string code) => LinkResults.StatusUrl(code);

    public static string ErrorUrl(string code) => LinkResults.ErrorUrl(code);
}
