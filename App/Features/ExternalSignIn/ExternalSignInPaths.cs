
namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>The routes, scheme names and state items every remote type shares.</summary>
public static class ExternalSignInPaths
{
    public static string Login(string type, string authenticator) => $"/auth/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(authenticator)}/login";

    /// <summary>The Redirect URL an admin registers at the provider.</summary>
    public static string Callback(string type, string authenticator) => $"/auth/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(authenticator)}/callback";

    public static string Link(string type, string authenticator) => $"{LinkResults.AccountPath}/link/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(authenticator)}";

    /// <summary>Each authenticator is its own scheme: "{type}:{Auth UID}".</summary>
    public static string Scheme(string type, string authenticator) => $"{type}:{authenticator}";

    public static bool TryParseScheme(string scheme, out string type, out string authenticator)
    {
        var colon = scheme.IndexOf(':', StringComparison.Ordinal);
        type = colon > 0 ? scheme[..colon] : "";
        authenticator = colon > 0 ? scheme[(colon + 1)..] : "";
        return colon > 0 && authenticator.Length > 0;
    }

    /// <summary>Recognises "/auth/{type}/{name}/callback" (the path as routing sees it, already unescaped).</summary>
    public static bool TryParseCallback(PathString path, out string type, out string authenticator)
    {
        var parts = (path.Value ?? "").Split('/');
        var matches = parts is ["", "auth", { Length: > 0 }, { Length: > 0 }, "callback"];
        type = matches ? parts[2] : "";
        authenticator = matches ? parts[3] : "";
        return matches;
    }

    /// <summary>Items of a challenge's properties. They travel inside the data-protected state.</summary>
    public static class Items
    {
        public const string IssuedAt = "external.issued";
        public const string ReturnUrl = "external.returnUrl";

        /// <summary>The user a link flow (started on /account) binds to; absent for a sign-in.</summary>
        public const string LinkUser = "external.linkUser";
    }
}
