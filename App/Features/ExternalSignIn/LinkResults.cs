using BlazorAuth.Features.SignIn;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// Where a link flow ends: My account, with a status or an error code from this fixed list (or a <see cref="SignInErrors"/>
/// code). The account page words them; the core only names them.
/// </summary>
public static class LinkResults
{
    public const string AccountPath = "/account";

    public static string StatusUrl(string code) => $"{AccountPath}?status={Uri.EscapeDataString(code)}";

    public static string ErrorUrl(string code) => $"{AccountPath}?error={Uri.EscapeDataString(code)}";

    /// <summary>A status: the account is linked, or it already was, to this very user.</summary>
    public const string Linked = "linked";

    /// <summary>That account at the provider is bound to another user on this authenticator.</summary>
    public const string BoundToAnotherUser = "bound_to_another_user";

    /// <summary>The user is already bound to a (different) account on this authenticator.</summary>
    public const string AlreadyLinked = "already_linked";

    /// <summary>The browser came back signed in as someone else than the user who started.</summary>
    public const string LinkSessionChanged = "link_session_changed";
}
