using System.Net;
using System.Text;
using BlazorAuth.Tests.Support;
using Microsoft.Data.Sqlite;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Authenticators;

public sealed class SecretTests(SharedApp shared) : IClassFixture<SharedApp>, IAsyncLifetime
{
    private ApiClient admin = null!;

    private TestApp App => shared.App;

    public async Task InitializeAsync()
    {
        admin = await ApiClient.SignInAsync(App);
        await admin.SetPluginAsync(DingTalkPlugin, true);
    }

    public Task DisposeAsync()
    {
        admin.Dispose();
        return Task.CompletedTask;
    }

    private static string NewSecret() => $"plain-{Guid.NewGuid():N}";

    [Fact]
    public async Task Responses_never_contain_the_secret_but_say_that_one_is_set()
    {
        var secret = NewSecret();

        var created = await admin.CreateAsync(DingTalkBody("dt-leak", clientSecret: secret));
        var one = (await admin.GetAsync("/api/authenticators/dt-leak")).ShouldBe(HttpStatusCode.OK);
        var list = (await admin.GetAsync("/api/authenticators")).ShouldBe(HttpStatusCode.OK);
        var updated = (await admin.PutAsync("/api/authenticators/dt-leak", DingTalkBody("dt-leak", clientSecret: null, title: "Corp"))).ShouldBe(HttpStatusCode.OK);

        foreach (var response in new[] { created, one, list, updated })
        {
            Assert.DoesNotContain(secret, response.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("clientSecret\":", response.Text, StringComparison.Ordinal);
        }

        var json = one.Json;
        Assert.Equal(["clientSecret"], json.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("ding-client-id", json.GetProperty("options").GetProperty("clientId").GetString());
        Assert.True(json.GetProperty("options").GetProperty("autoSignup").GetBoolean());
        Assert.DoesNotContain(secret, App.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_the_redirect_url_of_the_request_address()
    {
        var expected = $"http://127.0.0.1:{App.BaseAddress.Port}/auth/dingtalk/dt-url/callback";

        var created = await admin.CreateAsync(DingTalkBody("dt-url"));
        var one = await admin.GetAsync("/api/authenticators/dt-url");
        var list = await admin.GetAsync("/api/authenticators");

        Assert.Equal(expected, created.Json.GetProperty("redirectUrl").GetString());
        Assert.Equal(expected, one.Json.GetProperty("redirectUrl").GetString());
        var listed = list.Json.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "dt-url");
        Assert.Equal(expected, listed.GetProperty("redirectUrl").GetString());
    }

    [Fact]
    public async Task Redirect_url_follows_forwarded_headers_from_a_reverse_proxy()
    {
        await admin.CreateAsync(DingTalkBody("dt-proxied"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/authenticators/dt-proxied");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "auth.example.org");

        var response = (await admin.SendAsync(request)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("https://auth.example.org/auth/dingtalk/dt-proxied/callback", response.Json.GetProperty("redirectUrl").GetString());
    }

    [Fact]
    public async Task Redirect_url_keeps_the_path_base_a_reverse_proxy_forwards()
    {
        await admin.CreateAsync(DingTalkBody("dt-prefixed"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/authenticators/dt-prefixed");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "intranet.example.org:8443");
        request.Headers.Add("X-Forwarded-Prefix", "/identity");

        var response = (await admin.SendAsync(request)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("https://intranet.example.org:8443/identity/auth/dingtalk/dt-prefixed/callback", response.Json.GetProperty("redirectUrl").GetString());
    }

    [Fact]
    public async Task Put_without_a_client_secret_keeps_the_stored_one()
    {
        var secret = NewSecret();
        await admin.CreateAsync(DingTalkBody("dt-keep", clientSecret: secret));

        (await admin.PutAsync("/api/authenticators/dt-keep", new
        {
            name = "dt-keep",
            type = "dingtalk",
            enabled = true,
            options = new { clientId = "new-client-id", autoSignup = false },
        })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(secret, (await App.StoredSecretsAsync("dt-keep"))["clientSecret"]);
        var json = (await admin.GetAsync("/api/authenticators/dt-keep")).Json;
        Assert.Equal("new-client-id", json.GetProperty("options").GetProperty("clientId").GetString());
        Assert.False(json.GetProperty("options").GetProperty("autoSignup").GetBoolean());
        Assert.Equal(["clientSecret"], json.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Put_with_a_null_client_secret_keeps_the_stored_one()
    {
        var secret = NewSecret();
        await admin.CreateAsync(DingTalkBody("dt-null", clientSecret: secret));

        (await admin.PutAsync("/api/authenticators/dt-null", DingTalkBody("dt-null", clientId: "other", clientSecret: null))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(secret, (await App.StoredSecretsAsync("dt-null"))["clientSecret"]);
    }

    [Fact]
    public async Task Put_with_a_new_client_secret_replaces_the_stored_one()
    {
        var first = NewSecret();
        var second = NewSecret();
        await admin.CreateAsync(DingTalkBody("dt-replace", clientSecret: first));

        var response = (await admin.PutAsync("/api/authenticators/dt-replace", DingTalkBody("dt-replace", clientSecret: second))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(second, (await App.StoredSecretsAsync("dt-replace"))["clientSecret"]);
        Assert.DoesNotContain(second, response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_secret_column_and_database_files_do_not_contain_the_plaintext()
    {
        var secret = NewSecret();
        await admin.CreateAsync(DingTalkBody("dt-at-rest", clientSecret: secret));

        string stored;
        await using (var connection = new SqliteConnection($"Data Source={App.Database.Path};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT ProtectedSecrets || ' ' || OptionsJson FROM Authenticators WHERE Name = 'dt-at-rest'";
            stored = (string)(await command.ExecuteScalarAsync())!;
        }

        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), stored, StringComparison.Ordinal);
        Assert.Equal(secret, (await App.StoredSecretsAsync("dt-at-rest"))["clientSecret"]);
        var plaintext = Encoding.UTF8.GetBytes(secret);
        foreach (var file in Directory.GetFiles(App.Database.Folder))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(plaintext) < 0, $"{Path.GetFileName(file)} contains the plaintext secret.");
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
