using System.Security.Claims;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;

namespace BlazorAuth.Features.Users;

/// <summary>How the administration reads what an admin typed, and reports what went wrong, field by field.</summary>
internal static partial class UserInputs
{
    public static string? ActorId(ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.NameIdentifier);

    public static NewUserInput Clean(NewUserInput input) => input with
    {
        DisplayName = Trimmed(input.DisplayName),
        UserName = Trimmed(input.UserName),
        Email = Trimmed(input.Email),
        PhoneNumber = Trimmed(input.PhoneNumber),
        Roles = input.Roles?.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList() ?? [],
        Password = string.IsNullOrEmpty(input.Password) ? null : input.Password,
    };

    /// <summary>The edit as it would be saved: null keeps the stored value, blank clears it.</summary>
    public static UserEdit Merge(AppUser user, IList<string> roles, UserEditInput input) => new(
        user.Id,
        input.DisplayName is null ? user.DisplayName : Trimmed(input.DisplayName),
        input.UserName is null ? user.UserName : Trimmed(input.UserName),
        input.Email is null ? user.Email : Trimmed(input.Email),
        input.PhoneNumber is null ? user.PhoneNumber : Trimmed(input.PhoneNumber),
        input.Roles?.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList() ?? [.. roles]);

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static List<string> Canonical(IReadOnlyList<string>? roles) =>
        [.. AppRoles.All.Where(known => roles?.Contains(known, StringComparer.OrdinalIgnoreCase) == true)];

    public static Dictionary<string, string[]> Errors(ValidationResult result) =>
        result.Errors
            .GroupBy(e => IndexSuffix().Replace(e.PropertyName, ""), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

    public static Dictionary<string, string[]> IdentityErrors(IdentityResult result) =>
        result.Errors
            .GroupBy(PasswordRules.FieldOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray(), StringComparer.Ordinal);

    public static void Ensure(IdentityResult result, string what)
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new UserChangedMeanwhileException($"Could not {what}: the user was changed meanwhile.");
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex IndexSuffix();
}

/// <summary>Another request changed the user between reading and saving (Identity's concurrency stamp).</summary>
public sealed class UserChangedMeanwhileException(string message) : Exception(message);
