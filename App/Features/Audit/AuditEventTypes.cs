namespace BlazorAuth.Features.Audit;

/// <summary>The fixed list of event types. The API refuses any other as a filter.</summary>
public static class AuditEventTypes
{
    public const string SignIn = "signin";
    public const string SignOut = "signout";
    public const string SessionRevoked = "session.revoked";
    public const string SessionExpired = "session.expired";
    public const string Lockout = "lockout";

    public const string AccountLinked = "account.linked";
    public const string AccountUnlinked = "account.unlinked";
    public const string PasswordSet = "password.set";
    public const string PasswordChanged = "password.changed";
    public const string PasswordReset = "password.reset";
    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
    public const string RolesChanged = "user.roles_changed";
    public const string UserCreated = "user.created";
    public const string UserEdited = "user.edited";
    public const string UserDeleted = "user.deleted";

    public const string PluginSwitched = "plugin.switched";
    public const string AuthenticatorCreated = "authenticator.created";
    public const string AuthenticatorChanged = "authenticator.changed";
    public const string AuthenticatorDeleted = "authenticator.deleted";
    public const string AuthenticatorReordered = "authenticator.reordered";
    public const string AuthenticatorEnabled = "authenticator.enabled";
    public const string AuthenticatorDisabled = "authenticator.disabled";
    public const string SecretRotated = "authenticator.secret_rotated";

    public static readonly IReadOnlyList<string> All =
    [
        SignIn, SignOut, SessionRevoked, SessionExpired, Lockout,
        AccountLinked, AccountUnlinked, PasswordSet, PasswordChanged, PasswordReset,
        UserLocked, UserUnlocked, RolesChanged, UserCreated, UserEdited, UserDeleted,
        PluginSwitched, AuthenticatorCreated, AuthenticatorChanged, AuthenticatorDeleted, AuthenticatorReordered,
        AuthenticatorEnabled, AuthenticatorDisabled, SecretRotated,
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string type) => Known.Contains(type);
}

public static class AuditResults
{
    public const string Success = "success";
    public const string Failure = "failure";

    public static bool IsKnown(string result) => result is Success or Failure;
}

/// <summary>Sign-in methods as the audit log names them; the same words as the sign-in metrics' "method" tag.</summary>
public static class AuditMethods
{
    public const string Password = "password";
    public const string Web = "web";
}
