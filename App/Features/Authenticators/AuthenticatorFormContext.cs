namespace BlazorAuth.Features.Authenticators;

/// <summary>What a type's settings form may know about the drawer around it.</summary>
public sealed record AuthenticatorFormContext(
    string Name,
    bool IsNew,
    IReadOnlyCollection<string> SecretsSet,
    IReadOnlyDictionary<string, string[]> Errors,
    Uri PublicBaseUrl)
{
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
