using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>Identity's errors in the user's language, wherever Identity reports them (admin forms, the API, My account).</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<UsersText> L, IOptions<IdentityOptions> options) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), L["PasswordTooShort", length]);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), L["PasswordRequiresUniqueChars", uniqueChars]);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), L["PasswordRequiresNonAlphanumeric"]);

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), L["PasswordRequiresDigit"]);

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), L["PasswordRequiresLower"]);

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), L["PasswordRequiresUpper"]);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), L["EmailTaken"]);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), L["EmailInvalid"]);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), L["UserNameTaken"]);

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), L["UserNameInvalid", options.Value.User.AllowedUserNameCharacters]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
