using System.Security.Cryptography;
using System.Xml.Linq;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Infrastructure.Security;

/// <summary>What <see cref="KeyRingUpgrade"/> did: secrets moved to the new ring, secrets it could not read, key rows deleted.</summary>
public sealed record KeyRingUpgradeResult(int SecretsReprotected, int SecretsUnreadable, int OldKeysDeleted);

/// <summary>
/// <c>--upgrade-key-ring</c>: moves an install whose key ring sat unencrypted in the database (before keys moved out of
/// it) to the configured ring. Every stored client secret is read with the old keys and protected again under the new
/// ring; then the old key rows are deleted, so a database copy taken afterwards decrypts nothing. Cookies and antiforgery
/// tokens of the old ring stop validating: everyone signs in once more.
/// </summary>
public sealed class KeyRingUpgrade(IDbContextFactory<AppDbContext> contexts, KeyRingSettings settings, ILogger<KeyRingUpgrade> logger)
{
    public const string CommandLineFlag = "--upgrade-key-ring";

    public async Task<KeyRingUpgradeResult> RunAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var legacy = (await db.DataProtectionKeys.ToListAsync(ct)).Where(k => IsLegacy(k.Xml, settings)).ToList();
        if (legacy.Count == 0)
        {
            logger.LogInformation("Key ring upgrade: the database holds no old keys; nothing to do.");
            return new KeyRingUpgradeResult(0, 0, 0);
        }

        var rows = await db.Authenticators.Where(a => a.ProtectedSecrets != null).ToListAsync(ct);
        var plain = new Dictionary<int, IReadOnlyDictionary<string, string>>();
        using (var old = OldRing(legacy))
        {
            var oldSecrets = new AuthenticatorSecrets(old.GetRequiredService<IDataProtectionProvider>());
            foreach (var row in rows)
            {
                if (oldSecrets.TryUnprotect(row.ProtectedSecrets) is { } secrets)
                {
                    plain[row.Id] = secrets;
                }
            }
        }

        // Delete first: a fresh provider for the configured ring then never picks an old key as its default.
        db.DataProtectionKeys.RemoveRange(legacy);
        await db.SaveChangesAsync(ct);
        using var fresh = NewRing();
        var newSecrets = new AuthenticatorSecrets(fresh.GetRequiredService<IDataProtectionProvider>());
        var unreadable = 0;
        foreach (var row in rows)
        {
            if (plain.TryGetValue(row.Id, out var secrets))
            {
                row.ProtectedSecrets = newSecrets.Protect(secrets);
            }
            else if (newSecrets.TryUnprotect(row.ProtectedSecrets) is null)
            {
                unreadable++;
                logger.LogWarning("Key ring upgrade: the secrets of authenticator {Authenticator} could not be read; enter them again.", row.Name);
            }
        }

        await db.SaveChangesAsync(ct);
        logger.LogWarning(
            "Key ring upgrade: {Secrets} secret(s) protected again under the new key ring, {Keys} old key(s) deleted from the database. Existing sign-ins end once.",
            plain.Count, legacy.Count);
        return new KeyRingUpgradeResult(plain.Count, unreadable, legacy.Count);
    }

    /// <summary>A key the configured ring does not own: any key row when keys live in a folder, an unencrypted one otherwise.</summary>
    internal static bool IsLegacy(string? xml, KeyRingSettings settings) =>
        !settings.InDatabase || xml is null || !XElement.Parse(xml).Descendants().Any(e => e.Name.LocalName == "encryptedSecret");

    private ServiceProvider OldRing(IEnumerable<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> keys)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var dataProtection = services.AddDataProtection().SetApplicationName(Hosting.InfrastructureSetup.ApplicationName).DisableAutomaticKeyGeneration();
        if (settings.Certificate is { } certificate)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(certificate);
        }

        var repository = new ReadOnlyRing([.. keys.Where(k => k.Xml is not null).Select(k => XElement.Parse(k.Xml!))]);
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = repository);
        return services.BuildServiceProvider();
    }

    private ServiceProvider NewRing()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped(_ => contexts.CreateDbContext());
        KeyRingSetup.Configure(services.AddDataProtection(), settings);
        return services.BuildServiceProvider();
    }

    private sealed class ReadOnlyRing(IReadOnlyCollection<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;

        public void StoreElement(XElement element, string friendlyName) =>
            throw new CryptographicException("The old key ring is only read during the upgrade.");
    }
}

/// <summary>Says at startup, once, that old keys are still in the database and how to move them out.</summary>
internal sealed class KeyRingLegacyCheck(IDbContextFactory<AppDbContext> contexts, KeyRingSettings settings, ILogger<KeyRingLegacyCheck> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var keys = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(cancellationToken);
            if (keys.Any(k => KeyRingUpgrade.IsLegacy(k, settings)))
            {
                logger.LogWarning(
                    "The database still holds {Count} Data Protection key(s) of the old, unencrypted key ring: a copy of the database can use them. "
                    + "Run the app once with {Flag} to move the stored secrets to the current key ring and delete them.",
                    keys.Count(k => KeyRingUpgrade.IsLegacy(k, settings)), KeyRingUpgrade.CommandLineFlag);
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or DbUpdateException)
        {
            logger.LogDebug(e, "The key ring check could not read the database.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class KeyRingUpgradeCommand
{
    /// <summary>Runs the upgrade when the command line asks for it; true means done, and the app should exit.</summary>
    public static async Task<bool> UpgradeKeyRingIfAskedAsync(this WebApplication app, string[] args)
    {
        if (!args.Contains(KeyRingUpgrade.CommandLineFlag, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        await app.Services.GetRequiredService<KeyRingUpgrade>().RunAsync();
        return true;
    }
}
