using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorAuth.Features.Authenticators;

/// <summary>Encrypts an authenticator's secret options at rest under a purpose of their own.</summary>
public sealed class AuthenticatorSecrets(IDataProtectionProvider provider)
{
    public const string Purpose = "BlazorAuth.Authenticators.Secrets.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    // Keyed by the snapshot's own string, so an edited secret (a new string) is checked again. Only "readable" is kept:
    // an unreadable secret may become readable once another instance's new key reaches this one's key ring.
    private readonly ConditionalWeakTable<string, object?> readable = new();

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

    /// <summary>
    /// Whether every one of <paramref name="fields"/> decrypts, decided once per stored value: each sign-in's first
    /// request asks, and the scheme's options keep the decrypted secret for as long as that value is current anyway.
    /// </summary>
    public bool CanRead(string? protectedSecrets, IReadOnlyCollection<string> fields)
    {
        if (fields.Count == 0)
        {
            return true;
        }

        if (protectedSecrets is null)
        {
            return false;
        }

        if (readable.TryGetValue(protectedSecrets, out _))
        {
            return true;
        }

        var stored = TryUnprotect(protectedSecrets);
        if (stored is null || !fields.All(stored.ContainsKey))
        {
            return false;
        }

        readable.TryAdd(protectedSecrets, null);
        return true;
    }
}
