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
    public async Task<(Dictionary<string, string[]> Errors, JsonObject? PublicOptions, Dictionary<string, string>? Secrets)> CheckAsync(
        AuthenticatorInput input, Authenticator? existing, CancellationToken ct)
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
            var stored = existing is null ? new Dictionary<string, string>() : ReadableSecrets(existing);
            var effective = (JsonObject)(input.Options?.DeepClone() ?? new JsonObject());
            secretValues = [];
            foreach (var field in type.SecretFields)
            {
                var given = effective[field];
                if (given is null)
                {
                    if (stored.TryGetValue(field, out var kept))
                    {
                        effective[field] = kept;
                    }
                }
                else if (given.GetValueKind() != JsonValueKind.String || given.GetValue<string>().Length == 0)
                {
                    Add($"options.{field}", L["SecretEmpty"]);
                }
            }

            object? options = null;
            try
            {
                options = effective.Deserialize(type.OptionsType, AuthenticatorStore.Json);
            }
            catch (JsonException ex)
            {
                Add(ex.Path is { Length: > 2 } path ? $"options.{path[2..]}" : "options", L["OptionsMalformed"]);
            }

            if (options is not null)
            {
                var validator = optionValidators.FirstOrDefault(v => v.Type == type.Name)
                    ?? throw new InvalidOperationException($"Auth type '{type.Name}' has no options validator; register it with AddAuthPlugin.");
                var result = await validator.ValidateAsync(options, ct);
                foreach (var failure in result.Errors)
                {
                    Add($"options.{JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName)}", failure.ErrorMessage);
                }

                publicOptions = (JsonObject)JsonSerializer.SerializeToNode(options, type.OptionsType, AuthenticatorStore.Json)!;
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
