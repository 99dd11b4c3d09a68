using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorAuth.Features.Authenticators;

/// <summary>Encrypts an authenticator's secret options at rest under a purpose of their own.</summary>
public sealed class AuthenticatorSecrets(IDataProtectionProvider provider)
{
    public const string Purpose = "BlazorAuth.Authenticators.Secrets.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string? Protect(IReadOnlyDictionary<string, string> secrets) =>
        secrets.Count == 0 ? null : protector.Protect(JsonSerializer.Serialize(secrets));

    public IReadOnlyDictionary<string, string> Unprotect(string? protectedSecrets) =>
        string.IsNullOrEmpty(protectedSecrets)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(protectedSecrets)) ?? [];

    /// <summary>Null when the key that protected the secrets is no longer in the key ring (lost, or another install's).</summary>
    public IReadOnlyDictionary<string, string>? TryUnprotect(string? protectedSecrets)
    {
        try
        {
            return Unprotect(protectedSecrets);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
