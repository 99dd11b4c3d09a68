using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorAuth.Features.Plugins;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

/// <summary>One auth type's "Test connection": asks the provider whether the options' credentials work, once, never retried.</summary>
public interface IAuthConnectionTest
{
    string Type { get; }

    Task<ConnectionTestResult> TestAsync(object options, CancellationToken ct);
}

/// <summary>
/// The answer of a connection test. <paramref name="Code"/> is one of <see cref="ConnectionTestCodes"/>; the provider's own
/// code and request id are there for the admin to quote to the provider's support. Never a secret.
/// </summary>
public sealed record ConnectionTestResult(bool Ok, string? Code = null, string? Message = null, string? ProviderCode = null, string? RequestId = null)
{
    public static ConnectionTestResult Passed(string message) => new(true, Message: message);
}

public static class ConnectionTestCodes
{
    public const string InvalidCredentials = "invalid_credentials";
    public const string Timeout = "timeout";
    public const string Unreachable = "unreachable";
    public const string UpstreamError = "upstream_error";

    /// <summary>The console's own limit on tests per administrator was reached; the provider was not asked.</summary>
    public const string TooManyTests = "too_many_tests";
}

/// <summary>
/// Runs a type's connection test on saved or unsaved options: they pass the type's own validator first (the one saving
/// uses), and a secret left out is taken from the stored authenticator of that name.
/// </summary>
public sealed class AuthenticatorConnectionTests(
    PluginCatalog catalog,
    AuthenticatorSnapshot snapshot,
    AuthenticatorSecrets secrets,
    IEnumerable<IAuthOptionsValidator> validators,
    IEnumerable<IAuthConnectionTest> tests,
    IStringLocalizer<AuthenticatorsText> L)
{
    public bool CanTest(string? type) => tests.Any(t => t.Type == type);

    /// <summary>The saved authenticator <paramref name="name"/>, as stored; null when there is none.</summary>
    public Task<(IReadOnlyDictionary<string, string[]> Errors, ConnectionTestResult? Result)>? TestSavedAsync(string name, CancellationToken ct) =>
        snapshot.Current.Authenticators.FirstOrDefault(a => a.Name == name) is { } row
            ? TestJsonAsync(row.Type, JsonNode.Parse(row.OptionsJson) as JsonObject, name, ct)
            : null;

    /// <summary>The API's unsaved options.</summary>
    public Task<(IReadOnlyDictionary<string, string[]> Errors, ConnectionTestResult? Result)> TestJsonAsync(string? typeName, JsonObject? json, string? name, CancellationToken ct)
    {
        if (catalog.FindType(typeName ?? "") is not { } type || !CanTest(type.Name))
        {
            return Task.FromResult<(IReadOnlyDictionary<string, string[]>, ConnectionTestResult?)>(
                (new Dictionary<string, string[]> { ["type"] = [L["NoConnectionTest"]] }, null));
        }

        object? options;
        try
        {
            options = (json ?? []).Deserialize(type.OptionsType, AuthenticatorStore.Json);
        }
        catch (JsonException ex)
        {
            return Task.FromResult<(IReadOnlyDictionary<string, string[]>, ConnectionTestResult?)>(
                (new Dictionary<string, string[]> { [ex.Path is { Length: > 2 } path ? $"options.{path[2..]}" : "options"] = [L["OptionsMalformed"]] }, null));
        }

        return TestAsync(type, options ?? Activator.CreateInstance(type.OptionsType)!, name, ct);
    }

    /// <summary>The console's typed options; they are copied, never changed.</summary>
    public async Task<(IReadOnlyDictionary<string, string[]> Errors, ConnectionTestResult? Result)> TestAsync(
        AuthTypeDefinition type, object options, string? name, CancellationToken ct)
    {
        var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(options, type.OptionsType, AuthenticatorStore.Json), type.OptionsType, AuthenticatorStore.Json)!;
        var stored = snapshot.Current.Authenticators.FirstOrDefault(a => a.Name == name && a.Type == type.Name) is { } row
            ? secrets.TryUnprotect(row.ProtectedSecrets) ?? new Dictionary<string, string>()
            : new Dictionary<string, string>();
        foreach (var field in type.SecretFields)
        {
            var property = type.OptionsType.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!;
            if (string.IsNullOrEmpty(property.GetValue(copy) as string))
            {
                property.SetValue(copy, stored.GetValueOrDefault(field));
            }
        }

        var validation = await validators.First(v => v.Type == type.Name).ValidateAsync(copy, ct);
        if (!validation.IsValid)
        {
            return (validation.Errors.GroupBy(e => $"options.{JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName)}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()), null);
        }

        return (new Dictionary<string, string[]>(), await tests.First(t => t.Type == type.Name).TestAsync(copy, ct));
    }
}
