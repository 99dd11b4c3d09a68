namespace BlazorAuth.Features.Users;

/// <summary>The fields both a new and an edited user are validated on, with the edited user's id (null when new).</summary>
public interface IUserFields
{
    string? ExistingId { get; }

    string? DisplayName { get; }

    string? UserName { get; }

    string? Email { get; }

    string? PhoneNumber { get; }

    IReadOnlyList<string>? Roles { get; }
}

/// <summary>
/// A new user, from the console or <c>POST /api/users</c>. Without a user name the email is the user name. The initial
/// password is either given or generated (then it is shown once and must be changed at the first sign-in).
/// </summary>
public sealed record NewUserInput(
    string? DisplayName,
    string? UserName,
    string? Email,
    string? PhoneNumber,
    IReadOnlyList<string>? Roles,
    string? Password,
    bool GeneratePassword) : IUserFields
{
    string? IUserFields.ExistingId => null;

    /// <summary>The user name the user will have: the one given, else the email.</summary>
    string? IUserFields.UserName => string.IsNullOrWhiteSpace(UserName) ? Email : UserName;
}

/// <summary>What <c>PUT /api/users/{id}</c> and the edit form send: null keeps a value, "" clears an email or phone number.</summary>
public sealed record UserEditInput(
    string? DisplayName,
    string? UserName,
    string? Email,
    string? PhoneNumber,
    IReadOnlyList<string>? Roles);

/// <summary>An edit with every value as it would be saved: the input merged over the stored user.</summary>
public sealed record UserEdit(
    string UserId,
    string? DisplayName,
    string? UserName,
    string? Email,
    string? PhoneNumber,
    IReadOnlyList<string> Roles) : IUserFields
{
    string? IUserFields.ExistingId => UserId;

    IReadOnlyList<string>? IUserFields.Roles => Roles;
}

/// <summary>A created user, with the generated password when one was generated: the only time it is ever shown.</summary>
public sealed record CreatedUser(UserDetails User, string? GeneratedPassword);
