using System.ComponentModel.DataAnnotations;
using BlazorAuth.Infrastructure.Data;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>
/// The rules a new and an edited user share. Errors are keyed by the API's field names. The uniqueness rules answer
/// early and inline; <see cref="UserAdministration"/> checks again inside its write transaction.
/// </summary>
public sealed class UserFieldsValidator : AbstractValidator<IUserFields>
{
    public const int DisplayNameMaxLength = 128;
    public const int UserNameMaxLength = 256;
    public const int EmailMaxLength = 256;
    public const int PhoneMaxLength = 32;

    public UserFieldsValidator(UserUniqueness uniqueness, IOptions<IdentityOptions> identity, IStringLocalizer<UsersText> L)
    {
        RuleFor(u => u.DisplayName)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().OverridePropertyName("displayName").WithMessage(_ => L["DisplayNameRequired"])
            .MaximumLength(DisplayNameMaxLength).WithMessage(_ => L["DisplayNameTooLong", DisplayNameMaxLength]);

        RuleFor(u => u.UserName)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().OverridePropertyName("userName")
            .WithMessage(u => u.ExistingId is null ? L["UserNameOrEmailRequired"] : L["UserNameRequired"])
            .MaximumLength(UserNameMaxLength).WithMessage(_ => L["UserNameTooLong", UserNameMaxLength])
            .Must(name => AllowedUserName(name!, identity.Value.User.AllowedUserNameCharacters))
            .WithMessage(_ => L["UserNameInvalid", identity.Value.User.AllowedUserNameCharacters])
            .MustAsync(async (u, name, ct) => !await uniqueness.UserNameTakenAsync(name!, u.ExistingId, ct))
            .WithMessage(_ => L["UserNameTaken"]);

        RuleFor(u => u.Email)
            .Cascade(CascadeMode.Stop)
            .MaximumLength(EmailMaxLength).OverridePropertyName("email").WithMessage(_ => L["EmailTooLong", EmailMaxLength])
            // Identity's own test, so that what passes here also passes Identity's user validator.
            .Must(email => new EmailAddressAttribute().IsValid(email)).WithMessage(_ => L["EmailInvalid"])
            .MustAsync(async (u, email, ct) => !await uniqueness.EmailTakenAsync(email!, u.ExistingId, ct))
            .WithMessage(_ => L["EmailTaken"])
            .When(u => !string.IsNullOrEmpty(u.Email));

        RuleFor(u => u.PhoneNumber)
            .Cascade(CascadeMode.Stop)
            .MaximumLength(PhoneMaxLength).OverridePropertyName("phoneNumber").WithMessage(_ => L["PhoneTooLong", PhoneMaxLength])
            .Must(phone => UserUniqueness.PhoneKey(phone) is not null).WithMessage(_ => L["PhoneInvalid"])
            .MustAsync(async (u, phone, ct) => !await uniqueness.PhoneTakenAsync(UserUniqueness.PhoneKey(phone)!, u.ExistingId, ct))
            .WithMessage(_ => L["PhoneTaken"])
            .When(u => !string.IsNullOrEmpty(u.PhoneNumber));

        RuleForEach(u => u.Roles)
            .Must(role => AppRoles.All.Contains(role, StringComparer.OrdinalIgnoreCase))
            .OverridePropertyName("roles")
            .WithMessage((_, role) => L["RoleUnknown", role ?? ""]);
    }

    private static bool AllowedUserName(string name, string? allowed) =>
        string.IsNullOrEmpty(allowed) || name.All(allowed.Contains);
}

public sealed class NewUserValidator : AbstractValidator<NewUserInput>
{
    public NewUserValidator(UserFieldsValidator fields, PasswordRules passwords, IStringLocalizer<UsersText> L)
    {
        Include(fields);

        RuleFor(u => u.Password)
            .Empty().OverridePropertyName("password").WithMessage(_ => L["PasswordAndGenerate"])
            .When(u => u.GeneratePassword);

        RuleFor(u => u.Password)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().OverridePropertyName("password").WithMessage(_ => L["PasswordRequired"])
            .CustomAsync(async (password, context, ct) =>
            {
                foreach (var message in await passwords.RefuseAsync(password!, ct))
                {
                    context.AddFailure("password", message);
                }
            })
            .When(u => !u.GeneratePassword);
    }
}

public sealed class UserEditValidator : AbstractValidator<UserEdit>
{
    public UserEditValidator(UserFieldsValidator fields) => Include(fields);
}

/// <summary>Looks for another user with the same user name, email or phone number, each compared in its normalised form.</summary>
public sealed class UserUniqueness(IDbContextFactory<AppDbContext> contexts, ILookupNormalizer normalizer)
{
    /// <summary>The form phone numbers are compared in, the one DingTalk sign-ins match on; null when it is no phone number.</summary>
    public static string? PhoneKey(string? phone)
    {
        var normalized = PhoneNumbers.Normalize(phone);
        var digits = normalized?.Count(char.IsAsciiDigit) ?? 0;
        // E.164 allows at most 15 digits; fewer than 5 is no one's phone number.
        return digits is >= 5 and <= 15 ? normalized : null;
    }

    public async Task<bool> UserNameTakenAsync(string userName, string? exceptId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await UserNameTakenAsync(db, userName, exceptId, ct);
    }

    public async Task<bool> EmailTakenAsync(string email, string? exceptId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await EmailTakenAsync(db, email, exceptId, ct);
    }

    public async Task<bool> PhoneTakenAsync(string phoneKey, string? exceptId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await PhoneTakenAsync(db, phoneKey, exceptId, ct);
    }

    public Task<bool> UserNameTakenAsync(AppDbContext db, string userName, string? exceptId, CancellationToken ct)
    {
        var key = normalizer.NormalizeName(userName);
        return db.Users.AnyAsync(u => u.NormalizedUserName == key && u.Id != exceptId, ct);
    }

    public Task<bool> EmailTakenAsync(AppDbContext db, string email, string? exceptId, CancellationToken ct)
    {
        var key = normalizer.NormalizeEmail(email);
        return db.Users.AnyAsync(u => u.NormalizedEmail == key && u.Id != exceptId, ct);
    }

    public static Task<bool> PhoneTakenAsync(AppDbContext db, string phoneKey, string? exceptId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.NormalizedPhoneNumber == phoneKey && u.Id != exceptId, ct);
}

/// <summary>Identity's password validators, with their verdicts in the user's language.</summary>
public sealed class PasswordRules(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<string>> RefuseAsync(string password, CancellationToken ct)
    {
        // A scope of its own: the console keeps its services for the life of a circuit, and a UserManager must not live that long.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var messages = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            ct.ThrowIfCancellationRequested();
            var result = await validator.ValidateAsync(users, new AppUser(), password);
            messages.AddRange(result.Errors.Select(e => e.Description));
        }

        return messages;
    }

    /// <summary>The API field an Identity error is about.</summary>
    public static string FieldOf(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.InvalidEmail) => "email",
        nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) => "userName",
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
        _ => "user",
    };
}
