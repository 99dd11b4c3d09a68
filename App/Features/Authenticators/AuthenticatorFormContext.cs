namespace BlazorAuth.Features.Authenticators;

/// <summary>What a type's settings form may know about the drawer around it.</summary>
/// <param name="TestConnection">
/// Tests the form's options as they are (unsaved; a blank secret means the stored one): validation errors, or the answer.
/// Null where the type has no connection test, or outside the drawer.
/// </param>
public sealed record AuthenticatorFormContext(
    string Name,
    bool IsNew,
    IReadOnlyCollection<string> SecretsSet,
    IReadOnlyDictionary<string, string[]> Errors,
    Uri PublicBaseUrl,
    Func<object, Task<(IReadOnlyDictionary<string, string[]> Errors, ConnectionTestResult? Result)>>? TestConnection = null)
{
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
