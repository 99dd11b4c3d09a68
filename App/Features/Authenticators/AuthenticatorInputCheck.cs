using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorAuth.Features.Plugins;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

/// <summary>
/// What a write to an authenticator must pass before the store saves it: the common fields, the type's own options
/// validator, and the secrets (a blank one is refused, an absent one keeps the stored value). It answers the errors, the
/// public options to store as they are, and the secrets to encrypt.
/// </summary>
public sealed class AuthenticatorInputCheck(
    PluginCatalog catalog,
    AuthenticatorSecrets secrets,
    IValidator<AuthenticatorWrite> inputValidator,
    IEnumerable<IAuthOptionsValidator> optionValidators,
    IStringLocalizer<AuthenticatorsText> L,
    ILogger<AuthenticatorInputCheck> logger)
{
    /// <param name="settings">
    /// The console's typed options, used instead of <see cref="AuthenticatorInput.Options"/> and never changed: a blank or
    /// absent secret in them keeps the stored one. From the API's JSON, absent keeps it and "" is refused.
    /// </param>
    public async Task<(Dictionary<string, string[]> Errors, JsonObject? PublicOptions, Dictionary<string, string>? Secrets)> CheckAsync(
        AuthenticatorInput input, object? settings, Authenticator? existing, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        var common = await inputValidator.ValidateAsync(new AuthenticatorWrite(input, existing), ct);
        foreach (var failure in common.Errors)
        {
            Add(failure.PropertyName, failure.ErrorMessage);
        }

        JsonObject? publicOptions = null;
        Dictionary<string, string>? secretValues = null;
        if (catalog.FindType(input.Type ?? "") is { } type && (existing is null || existing.Type == type.Name))
        {
            var options = settings is null ? FromJson(type, input.Options, Add) : ShallowCopy(settings);
            if (options is not null)
            {
                var stored = existing is null ? new Dictionary<string, string>() : ReadableSecrets(existing);
                foreach (var field in type.SecretFields)
                {
                    var property = SecretProperty(type, field);
                    if (string.IsNullOrEmpty(property.GetValue(options) as string))
                    {
                        property.SetValue(options, stored.GetValueOrDefault(field));
                    }
                }

                var validator = optionValidators.FirstOrDefault(v => v.Type == type.Name)
                    ?? throw new InvalidOperationException($"Auth type '{type.Name}' has no options validator; register it with AddAuthPlugin.");
                var result = await validator.ValidateAsync(options, ct);
                foreach (var failure in result.Errors)
                {
                    Add($"options.{JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName)}", failure.ErrorMessage);
                }

                // The one conversion of a save: typed options to the JSON that is stored, less the secrets.
                publicOptions = (JsonObject)JsonSerializer.SerializeToNode(options, type.OptionsType, AuthenticatorStore.Json)!;
                secretValues = [];
                foreach (var field in type.SecretFields)
                {
                    if (publicOptions[field] is JsonValue value && value.TryGetValue<string>(out var secret) && secret.Length > 0)
                    {
                        secretValues[field] = secret;
                    }

                    publicOptions.Remove(field);
                }
            }
        }

        return (errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), publicOptions, secretValues);
    }

    /// <summary>The API's options as the type's typed options; an empty secret or a malformed value is an error.</summary>
    private object? FromJson(AuthTypeDefinition type, JsonObject? json, Action<string, string> addError)
    {
        foreach (var field in type.SecretFields)
        {
            if (json?[field] is { } given && (given.GetValueKind() != JsonValueKind.String || given.GetValue<string>().Length == 0))
            {
                addError($"options.{field}", L["SecretEmpty"]);
            }
        }

        try
        {
            return (json ?? []).Deserialize(type.OptionsType, AuthenticatorStore.Json) ?? Activator.CreateInstance(type.OptionsType);
        }
        catch (JsonException ex)
        {
            addError(ex.Path is { Length: > 2 } path ? $"options.{path[2..]}" : "options", L["OptionsMalformed"]);
            return null;
        }
    }

    private static PropertyInfo SecretProperty(AuthTypeDefinition type, string field) =>
        type.OptionsType.GetProperty(field, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?? throw new InvalidOperationException($"Auth type '{type.Name}' names secret '{field}', which {type.OptionsType.Name} does not have.");

    /// <summary>Options types are flat bags of values, so a shallow copy keeps the console's own object untouched.</summary>
    private static readonly Func<object, object> ShallowCopy = typeof(object)
        .GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!
        .CreateDelegate<Func<object, object>>();

    /// <summary>
    /// The stored secrets, or none when they can no longer be decrypted: the console then asks for them again
    /// instead of failing as a whole.
    /// </summary>
    public IReadOnlyDictionary<string, string> ReadableSecrets(Authenticator row)
    {
        if (secrets.TryUnprotect(row.ProtectedSecrets) is { } readable)
        {
            return readable;
        }

        logger.LogWarning(
            "The stored secrets of authenticator {Name} cannot be decrypted with the current Data Protection key ring; an administrator must enter them again.",
            row.Name);
        return new Dictionary<string, string>();
    }
}
