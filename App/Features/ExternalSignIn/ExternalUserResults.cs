using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>How linking an external account to a signed-in user ended.</summary>
public enum LinkOutcome
{
    Linked,

    /// <summary>This external account was already bound to this very user: nothing to do.</summary>
    AlreadyLinked,

    /// <summary>The provider key is bound to another user on this authenticator.</summary>
    BoundToAnotherUser,

    /// <summary>The user is already bound to a different external account on this authenticator.</summary>
    UserHasAnotherBinding,

    /// <summary>The user was deleted or locked out meanwhile.</summary>
    UserUnavailable,
}

public sealed record ResolveResult(AppUser? User, string? Refusal)
{
    /// <summary>What the sign-in still owes the binding (its last sign-in), for the session's write to carry.</summary>
    public IPendingWrite? Owed { get; init; }

    public static ResolveResult For(AppUser user) => new(user, null);

    /// <summary>The user the refused identity pointed at, when there was one: the audit record names them.</summary>
    public string? KnownUserId { get; init; }

    public static ResolveResult Refused(string code, AppUser? known = null) => new(null, code) { KnownUserId = known?.Id };
}
