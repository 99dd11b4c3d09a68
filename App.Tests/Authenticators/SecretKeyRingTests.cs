using System.Net;
using System.Security.Cryptography;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Authenticators;

/// <summary>
/// The key ring lives in a folder next to the app's data (not in the database), so secrets survive restarts and every
/// instance on the same data folder can read them.
/// </summary>
public sealed class SecretKeyRingTests : IDisposable
{
    private const string Secret = "ring-secret-7f3a9c";

    private readonly TestDatabase database = new();

    public void Dispose() => database.Dispose();

    private static async Task CreateDingTalkAsync(TestApp app, string name, string secret)
    {
        using var admin = await ApiClient.SignInAsync(app);
        await admin.SetPluginAsync(DingTalkPlugin, true);
        await admin.CreateAsync(DingTalkBody(name, clientSecret: secret));
    }

    [Fact]
    public async Task Secret_still_decrypts_after_the_host_restarts()
    {
        using (var first = new TestApp(database))
        {
            await CreateDingTalkAsync(first, "dt-restart", Secret);
        }

        using var restarted = new TestApp(database);

        Assert.Equal(Secret, (await restarted.StoredSecretsAsync("dt-restart"))["clientSecret"]);
        using var admin = await ApiClient.SignInAsync(restarted);
        var json = (await admin.GetAsync("/api/authenticators/dt-restart")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["clientSecret"], json.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
        (await admin.PutAsync("/api/authenticators/dt-restart", DingTalkBody("dt-restart", clientId: "after-restart", clientSecret: null)))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(Secret, (await restarted.StoredSecretsAsync("dt-restart"))["clientSecret"]);
    }

    [Fact]
    public async Task A_second_instance_on_the_same_database_reads_secrets_the_first_wrote_and_vice_versa()
    {
        using var first = new TestApp(database);
        await CreateDingTalkAsync(first, "dt-shared", Secret);
        using var second = new TestApp(database);
        _ = second.BaseAddress;

        Assert.Equal(Secret, (await second.StoredSecretsAsync("dt-shared"))["clientSecret"]);

        using (var admin = await ApiClient.SignInAsync(second))
        {
            (await admin.PutAsync("/api/authenticators/dt-shared", DingTalkBody("dt-shared", clientSecret: "written-by-second"))).ShouldBe(HttpStatusCode.OK);
        }

        Assert.Equal("written-by-second", (await first.StoredSecretsAsync("dt-shared"))["clientSecret"]);
    }

    [Fact]
    public async Task Key_ring_is_in_the_keys_folder_next_to_the_data_under_the_application_name_BlazorAuth_and_not_in_the_database()
    {
        string? protectedSecrets;
        using (var app = new TestApp(database))
        {
            await CreateDingTalkAsync(app, "dt-ring", Secret);
            protectedSecrets = (await app.AuthenticatorRowAsync("dt-ring"))!.ProtectedSecrets;
            Assert.False(await app.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
        }

        Assert.NotEmpty(Directory.GetFiles(KeysFolder, "key-*.xml"));
        await using var blazorAuth = OutsideDataProtection("BlazorAuth");
        await using var other = OutsideDataProtection("SomethingElse");

        Assert.Equal(Secret, Secrets(blazorAuth).Unprotect(protectedSecrets)["clientSecret"]);
        Assert.ThrowsAny<CryptographicException>(() => Secrets(other).Unprotect(protectedSecrets));
    }

    private string KeysFolder => Path.Combine(database.Folder, "keys");

    private static AuthenticatorSecrets Secrets(IServiceProvider services) => new(services.GetRequiredService<IDataProtectionProvider>());

    /// <summary>Data Protection configured from nothing but the keys folder: no app host.</summary>
    private ServiceProvider OutsideDataProtection(string applicationName)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName(applicationName).PersistKeysToFileSystem(new DirectoryInfo(KeysFolder));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_secret_the_key_ring_can_no_longer_decrypt_leaves_the_console_usable_and_asks_for_the_secret_again()
    {
        using (var first = new TestApp(database))
        {
            await CreateDingTalkAsync(first, "dt-orphan", Secret);
            await CreateDingTalkAsync(first, "dt-other", "other-secret");
        }

        var keys = Directory.GetFiles(KeysFolder, "key-*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            File.Delete(key);
        }

        using var restarted = new TestApp(database);
        using var admin = await ApiClient.SignInAsync(restarted);

        var list = (await admin.GetAsync("/api/authenticators")).ShouldBe(HttpStatusCode.OK).Json;
        var orphan = list.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "dt-orphan");
        Assert.Empty(orphan.GetProperty("secretsSet").EnumerateArray());
        Assert.Equal("ding-client-id", orphan.GetProperty("options").GetProperty("clientId").GetString());
        (await admin.PutAsync("/api/authenticators/dt-orphan", DingTalkBody("dt-orphan", clientSecret: null)))
            .ShouldReject("options.clientSecret", "Client Secret is required.");
        (await admin.PutAsync("/api/authenticators/dt-orphan", DingTalkBody("dt-orphan", clientSecret: "re-entered"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("re-entered", (await restarted.StoredSecretsAsync("dt-orphan"))["clientSecret"]);
        Assert.Contains("dt-other", restarted.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("other-secret", restarted.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_public_base_url_wins_over_the_request_address()
    {
        using var app = new TestApp(database, settings: new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://auth.example.com/sso" });
        using var admin = await ApiClient.SignInAsync(app);
        await admin.SetPluginAsync(DingTalkPlugin, true);

        var created = await admin.CreateAsync(DingTalkBody("dt-public"));
        var read = await admin.GetAsync("/api/authenticators/dt-public");

        Assert.Equal("https://auth.example.com/sso/auth/dingtalk/dt-public/callback", created.Json.GetProperty("redirectUrl").GetString());
        Assert.Equal("https://auth.example.com/sso/auth/dingtalk/dt-public/callback", read.Json.GetProperty("redirectUrl").GetString());
    }
}
