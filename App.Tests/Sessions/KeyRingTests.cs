using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Security;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Sessions;

/// <summary>
/// Whoever copies the database file (a dump, a backup, a stolen disk image) gets no working key ring with it: no client
/// secret decrypts and no session cookie validates, unless they also hold the key folder or the certificate.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private const string Secret = "copy-me-if-you-can-51c";

    private readonly List<IDisposable> owned = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(owned))
        {
            item.Dispose();
        }
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }

    private TestApp App(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var app = Own(new TestApp(database, settings: settings));
        _ = app.BaseAddress;
        return app;
    }

    /// <summary>The first instance with a DingTalk secret saved and an administrator signed in; the cookie is theirs.</summary>
    private async Task<(TestApp App, string Cookie)> FirstInstanceAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var app = App(database, settings);
        using var admin = await ApiClient.SignInAsync(app);
        await admin.SetPluginAsync(DingTalkPlugin, true);
        await admin.CreateAsync(DingTalkBody("dt-copied", clientSecret: Secret));
        var (browser, _) = await app.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        using (browser)
        {
            var cookie = browser.SessionCookieValue();
            using var check = app.Replaying(cookie);
            Assert.Equal("200", await check.VisitAsync("/admin"));
            return (app, cookie);
        }
    }

    /// <summary>The database file as a backup would have it: WAL folded in first, then the one file copied.</summary>
    private TestDatabase CopyOf(TestDatabase source)
    {
        using (var connection = new SqliteConnection($"Data Source={source.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }

        var copy = Own(new TestDatabase());
        File.Copy(source.Path, copy.Path);
        return copy;
    }

    private static async Task<IReadOnlyDictionary<string, string>?> ReadableSecretsAsync(TestApp app)
    {
        var row = await app.AuthenticatorRowAsync("dt-copied");
        Assert.NotNull(row?.ProtectedSecrets);
        return app.Services.GetRequiredService<AuthenticatorSecrets>().TryUnprotect(row.ProtectedSecrets);
    }

    [Fact]
    public async Task A_database_copy_on_another_instance_with_an_empty_key_store_decrypts_no_secret_and_validates_no_cookie()
    {
        var database = Own(new TestDatabase());
        var (first, cookie) = await FirstInstanceAsync(database);
        var copy = CopyOf(database);
        Assert.Equal(0, await first.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));

        var second = App(copy);

        Assert.Null(await ReadableSecretsAsync(second));
        using var replay = second.Replaying(cookie);
        Assert.Equal("/signin?returnUrl=%2Fadmin", await replay.VisitAsync("/admin"));
        using var original = first.Replaying(cookie);
        Assert.Equal("200", await original.VisitAsync("/admin"));
        Assert.Equal(Secret, (await ReadableSecretsAsync(first))!["clientSecret"]);
    }

    [Fact]
    public async Task Instances_sharing_the_certificate_read_each_others_secrets_and_cookies_and_a_copy_without_it_reads_nothing()
    {
        var certificate = Own(new TestDatabase());
        var pfx = Path.Combine(certificate.Folder, "ring.pfx");
        WriteCertificate(pfx, "ring-pass");
        var shared = new Dictionary<string, string?> { ["DataProtection:Certificate:Path"] = pfx, ["DataProtection:Certificate:Password"] = "ring-pass" };
        var database = Own(new TestDatabase());
        var (first, cookie) = await FirstInstanceAsync(database, shared);
        var keys = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal));

        var withCertificate = App(CopyOf(database), shared);
        Assert.Equal(Secret, (await ReadableSecretsAsync(withCertificate))!["clientSecret"]);
        using (var replay = withCertificate.Replaying(cookie))
        {
            Assert.Equal("200", await replay.VisitAsync("/admin"));
        }

        var withoutCertificate = App(CopyOf(database));
        Assert.Null(await ReadableSecretsAsync(withoutCertificate));
        using var refused = withoutCertificate.Replaying(cookie);
        Assert.Equal("/signin?returnUrl=%2Fadmin", await refused.VisitAsync("/admin"));
    }

    [Fact]
    public async Task The_upgrade_moves_secrets_off_the_old_database_ring_and_deletes_its_keys_so_a_later_copy_decrypts_nothing()
    {
        var database = Own(new TestDatabase());
        using (var before = new TestApp(database))
        {
            using var admin = await ApiClient.SignInAsync(before);
            await admin.SetPluginAsync(DingTalkPlugin, true);
            await admin.CreateAsync(DingTalkBody("dt-copied", clientSecret: "replaced-below"));
        }

        // What an install from before the upgrade has: the secret under an unencrypted key ring in the database itself.
        await using (var legacy = LegacyRing(database))
        {
            var old = new AuthenticatorSecrets(legacy.GetRequiredService<IDataProtectionProvider>())
                .Protect(new Dictionary<string, string> { ["clientSecret"] = Secret });
            await using var db = legacy.GetRequiredService<SqliteAppDbContext>();
            await db.Authenticators.Where(a => a.Name == "dt-copied").ExecuteUpdateAsync(a => a.SetProperty(x => x.ProtectedSecrets, old));
        }

        var app = App(database);
        Assert.Null(await ReadableSecretsAsync(app));
        Assert.Contains(KeyRingUpgrade.CommandLineFlag, app.Logs.All, StringComparison.Ordinal);

        var result = await app.Services.GetRequiredService<KeyRingUpgrade>().RunAsync();

        Assert.Equal(1, result.SecretsReprotected);
        Assert.Equal(0, result.SecretsUnreadable);
        Assert.True(result.OldKeysDeleted > 0);
        Assert.Equal(0, await app.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));
        Assert.Equal(Secret, (await ReadableSecretsAsync(app))!["clientSecret"]);
        Assert.Equal(new KeyRingUpgradeResult(0, 0, 0), await app.Services.GetRequiredService<KeyRingUpgrade>().RunAsync());

        var copy = CopyOf(database);
        await using (var legacyOnCopy = LegacyRing(copy))
        {
            var row = await app.AuthenticatorRowAsync("dt-copied");
            Assert.Null(new AuthenticatorSecrets(legacyOnCopy.GetRequiredService<IDataProtectionProvider>()).TryUnprotect(row!.ProtectedSecrets));
        }

        Assert.Null(await ReadableSecretsAsync(App(copy)));
    }

    /// <summary>The key ring as it was before: in the database, unencrypted.</summary>
    private static ServiceProvider LegacyRing(TestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SqliteAppDbContext>(o => o.UseSqlite($"Data Source={database.Path};Pooling=False"));
        services.AddDataProtection().SetApplicationName("BlazorAuth").PersistKeysToDbContext<SqliteAppDbContext>();
        return services.BuildServiceProvider();
    }

    private static void WriteCertificate(string path, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=BlazorAuth key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }
}
