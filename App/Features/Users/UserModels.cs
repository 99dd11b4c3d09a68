using System.Text.Json.Serialization;
namespace BlazorAuth.Features.Users;

/// <summary>
/// A page request; <see cref="UserDirectory"/> clamps out-of-range values, the API refuses them. With a
/// <see cref="Cursor"/> the page is read after (or before) that position by keyset, and <see cref="Page"/> only numbers
/// it; without one, <see cref="Page"/> is an OFFSET. <see cref="CountTotal"/> false reuses nothing and returns -1 as the
/// total, for a caller that already knows it (the Users page moving one page on).
/// </summary>
public sealed record UserQuery(
    string? Search = null, int Page = 1, int PageSize = UserQuery.DefaultPageSize,
    UserCursor? Cursor = null, UserSeek Seek = UserSeek.First, bool CountTotal = true)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxSearchLength = 256;
}

/// <param name="Next">Cursor of the page after this one (<c>after=</c>), null on the last page.</param>
/// <param name="Previous">Cursor of the page before this one (<c>before=</c>), null on the first page.</param>
public sealed record UserPage(IReadOnlyList<UserRow> Items, int Total, int Page, int PageSize, string? Next = null, string? Previous = null);

/// <summary>An authenticator a user is bound to, with the title people see (its own, else its type's).</summary>
public sealed record BoundAuthenticator(string Name, string Title, string Type);

/// <summary>
/// One user as the list shows it. Times are UTC. <see cref="LockedOut"/>: locked by an administrator, or in the timed
/// lockout after wrong passwords (<see cref="LockoutEnd"/>), which limits only password sign-in from unknown browsers.
/// </summary>
public record UserRow(
    string Id,
    string? DisplayName,
    string? UserName,
    string? Email,
    string? PhoneNumber,
    string? AvatarUrl,
    IReadOnlyList<string> Roles,
    DateTime CreatedAt,
    DateTimeOffset? LockoutEnd,
    bool LockedOut,
    bool LockedByAdmin,
    IReadOnlyList<BoundAuthenticator> Authenticators);

/// <summary>A user's binding to an external authenticator (e.g. a DingTalk account).</summary>
/// <param name="ProviderKey">The provider's id of the person.</param>
/// <param name="ProviderKeyName">What the provider calls it (DingTalk: unionId); the API shows the key under that name too.</param>
/// <param name="ProviderKeyTitle">Its label in the user details.</param>
public sealed record UserBindingView(
    string Authenticator,
    string AuthenticatorTitle,
    string AuthenticatorType,
    string? Nick,
    string? AvatarUrl,
    string ProviderKey,
    DateTime FirstSignInAt,
    DateTime LastSignInAt,
    [property: JsonIgnore] string? ProviderKeyName = null,
    [property: JsonIgnore] string? ProviderKeyTitle = null)
{
    [JsonExtensionData]
    public IDictionary<string, object> ProviderFields =>
        ProviderKeyName is null ? new Dictionary<string, object>() : new Dictionary<string, object> { [ProviderKeyName] = ProviderKey };
}

/// <summary>The list's row plus how the user can sign in: a password and each binding.</summary>
public record UserDetails : UserRow
{
    public UserDetails(UserRow row, bool hasPassword, IReadOnlyList<UserBindingView> bindings)
        : base(row)
    {
        HasPassword = hasPassword;
        Bindings = bindings;
    }

    public bool HasPassword { get; init; }

    public IReadOnlyList<UserBindingView> Bindings { get; init; }
}

/// <summary>A new user as <c>POST /api/users</c> answers it: the details, plus a generated password (the only time anyone sees it).</summary>
public sealed record CreatedUserDetails : UserDetails
{
    public CreatedUserDetails(UserDetails user, string? generatedPassword)
        : base(user)
    {
        GeneratedPassword = generatedPassword;
    }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? GeneratedPassword { get; init; }
}
