using System.Security.Cryptography.X509Certificates;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorAuth.Infrastructure.Security;

public sealed class DataProtectionCertificateOptions
{
    public const string Section = "DataProtection:Certificate";

    public string? Path { get; set; }

    public string? Password { get; set; }
}

/// <summary>Where the Data Protection key ring lives, as configured; see <see cref="KeyRingSetup"/>.</summary>
public sealed record KeyRingSettings(string? KeysDirectory, X509Certificate2? Certificate)
{
    public const string KeysDirectoryKey = "DataProtection:KeysDirectory";

    /// <summary>With a certificate the ring is in the database, encrypted by it, and shared by every instance.</summary>
    public bool InDatabase => Certificate is not null;

    public static KeyRingSettings From(IConfiguration configuration, string contentRoot)
    {
        var certificate = configuration.GetSection(DataProtectionCertificateOptions.Section).Get<DataProtectionCertificateOptions>();
        if (!string.IsNullOrEmpty(certificate?.Path))
        {
            return new KeyRingSettings(null, X509CertificateLoader.LoadPkcs12FromFile(certificate.Path, certificate.Password));
        }

        var configured = configuration[KeysDirectoryKey];
        var folder = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : Path.Combine(configuration.GetSection(AdminOptions.Section).Get<AdminOptions>()?.DataDirectory ?? "App_Data", "keys");
        return new KeyRingSettings(Path.GetFullPath(Path.IsPathRooted(folder) ? folder : Path.Combine(contentRoot, folder)), null);
    }
}

/// <summary>
/// The key ring is kept apart from the data it protects, so a copy of the database alone decrypts no secret and mints no
/// cookie. By default it is a folder next to the app's data (<c>Admin:DataDirectory/keys</c>), readable only by the app's
/// user, and DPAPI-protected on Windows. With <c>DataProtection:Certificate:Path</c> it is in the database, each key
/// encrypted with that certificate, so several instances share it and a dump needs the certificate too.
/// </summary>
public static class KeyRingSetup
{
    public static void AddAppKeyRing(this IServiceCollection services, KeyRingSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<KeyRingUpgrade>();
        services.AddHostedService<KeyRingLegacyCheck>();
        Configure(services.AddDataProtection(), settings);
    }

    /// <summary>Shared by the app and the upgrade, which builds a fresh provider after the old keys are gone.</summary>
    internal static void Configure(IDataProtectionBuilder dataProtection, KeyRingSettings settings)
    {
        dataProtection.SetApplicationName(Hosting.InfrastructureSetup.ApplicationName);
        if (settings.Certificate is { } certificate)
        {
            dataProtection.PersistKeysToDbContext<AppDbContext>().ProtectKeysWithCertificate(certificate);
            return;
        }

        var folder = CreateOwnerOnly(settings.KeysDirectory!);
        dataProtection.PersistKeysToFileSystem(folder);
        if (OperatingSystem.IsWindows())
        {
            dataProtection.ProtectKeysWithDpapi();
        }
    }

    private static DirectoryInfo CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        var folder = Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            // CreateDirectory leaves an existing folder's mode alone.
            File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (UnauthorizedAccessException)
        {
            // A folder someone else owns keeps the mode they gave it.
        }

        return folder;
    }
}
