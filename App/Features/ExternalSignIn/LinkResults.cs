using BlazorAuth.Features.SignIn;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// Where a link flow ends: My account, with a status or an error code from this fixed list (or a <see cref="SignInErrors"/>
/// code). The account page words them; the core only names them.
/// </summary>
public static class LinkResults
{
    public const string AccountPath = "/account";

    public const string Linked = "linked";
    public const string BoundToAnotherUser = "bound_to_another_user";
    public const string AlreadyLinked = "already_linked";
    public const string LinkSessionChanged = "link_session_changed";

    public static string StatusUrl(string code) => $"{AccountPath}?status={Uri.EscapeDataString(code)}";

    public static string ErrorUrl(string code) => $"{AccountPath}?error={Uri.EscapeDataString(code)}";
}
