using System.Net;
using System.Text.Json.Nodes;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.DingTalk.Enterprise;

/// <summary>POST /api/authenticators/{name}/test and /api/authenticators/test against the sandbox's app-token call.</summary>
public sealed class DingTalkConnectionTestApiTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>, IAsyncLifetime
{
    private ApiClient admin = null!;

    private TestApp App => dingTalk.App;

    public async Task InitializeAsync()
    {
        admin = await ApiClient.SignInAsync(App);
        dingTalk.Sandbox.Reset();
    }

    public Task DisposeAsync()
    {
        dingTalk.Sandbox.Reset();
        admin.Dispose();
        return Task.CompletedTask;
    }

    private static object Unsaved(string? clientSecret, string clientId = DingTalkApp.ClientId, string? name = null) => new
    {
        type = "dingtalk",
        name,
        options = clientSecret is null ? (object)new { clientId } : new { clientId, clientSecret },
    };

    [Fact]
    public async Task A_saved_authenticator_with_the_right_credentials_passes()
    {
        var name = DingTalkApp.NewName("test-saved");
        await dingTalk.Admin.AddAuthenticatorAsync(name);

        var response = await admin.PostAsync($"/api/authenticators/{name}/test", new { });

        var json = response.ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal("DingTalk accepted the Client ID and Client Secret.", json.GetProperty("message").GetString());
        Assert.False(json.TryGetProperty("code", out _));
        Assert.Equal(1, dingTalk.Sandbox.AppTokenRequests);
    }

    [Fact]
    public async Task Unsaved_values_are_tested_as_typed()
    {
        var good = await admin.PostAsync("/api/authenticators/test", Unsaved(DingTalkApp.ClientSecret));
        var wrong = await admin.PostAsync("/api/authenticators/test", Unsaved("not-the-secret-42"));

        Assert.True(good.ShouldBe(HttpStatusCode.OK).Json.GetProperty("ok").GetBoolean());
        var json = wrong.ShouldBe(HttpStatusCode.OK).Json;
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal("invalid_credentials", json.GetProperty("code").GetString());
        Assert.Equal("DingTalk rejected the Client ID or Client Secret. Copy both again from the DingTalk developer console.", json.GetProperty("message").GetString());
        Assert.Equal("InvalidAuthentication", json.GetProperty("providerCode").GetString());
        Assert.Equal(dingTalk.Sandbox.LastRequestId, json.GetProperty("requestId").GetString());
        Assert.DoesNotContain("not-the-secret-42", wrong.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret-42", App.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_clientSecret_the_stored_secret_of_the_named_authenticator_is_used()
    {
        var name = DingTalkApp.NewName("test-stored");
        await dingTalk.Admin.AddAuthenticatorAsync(name);

        var response = await admin.PostAsync("/api/authenticators/test", Unsaved(null, name: name));

        Assert.True(response.ShouldBe(HttpStatusCode.OK).Json.GetProperty("ok").GetBoolean());
        Assert.DoesNotContain(DingTalkApp.ClientSecret, response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(DingTalkApp.ClientSecret, App.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_clientSecret_or_a_stored_one_it_is_a_400_on_the_secret_and_DingTalk_is_not_asked()
    {
        var response = await admin.PostAsync("/api/authenticators/test", Unsaved(null));

        response.ShouldReject("options.clientSecret", "Client Secret is required.");
        Assert.Equal(0, dingTalk.Sandbox.AppTokenRequests);
    }

    [Fact]
    public async Task Invalid_unsaved_values_and_other_types_are_refused_like_a_save_would_be()
    {
        (await admin.PostAsync("/api/authenticators/test", new { type = "dingtalk", options = new { clientSecret = "x" } }))
            .ShouldReject("options.clientId", "Client ID is required.");
        (await admin.PostAsync("/api/authenticators/test", new { type = "dingtalk", options = new { clientId = "a", clientSecret = "b", matchBy = "email" } }))
            .ShouldReject("options.matchBy");
        (await admin.PostAsync("/api/authenticators/test", new { type = "password", options = new { } }))
            .ShouldReject("type", "This type of authenticator has no connection test.");
        (await admin.PostAsync("/api/authenticators/no-such-one/test", new { })).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, dingTalk.Sandbox.AppTokenRequests);
    }

    [Fact]
    public async Task DingTalk_failing_is_an_upstream_error_with_its_code_and_requestid_asked_once()
    {
        dingTalk.Sandbox.AppTokenFault = SandboxFault.ServerError;

        var json = (await admin.PostAsync("/api/authenticators/test", Unsaved(DingTalkApp.ClientSecret))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal("upstream_error", json.GetProperty("code").GetString());
        Assert.Equal("ServiceUnavailable", json.GetProperty("providerCode").GetString());
        Assert.Equal(dingTalk.Sandbox.LastRequestId, json.GetProperty("requestId").GetString());
        Assert.Equal($"DingTalk answered with an error: ServiceUnavailable (requestid {dingTalk.Sandbox.LastRequestId}).", json.GetProperty("message").GetString());
        Assert.Equal(1, dingTalk.Sandbox.AppTokenRequests);
    }

    [Fact]
    public async Task Only_an_admin_may_test()
    {
        await App.CreateUserAsync("tester-user", "User!Pass12345", "Plain User");
        using var user = await ApiClient.SignInAsync(App, "tester-user", "User!Pass12345");
        using var anonymous = ApiClient.Anonymous(App);

        (await user.PostAsync("/api/authenticators/test", Unsaved(DingTalkApp.ClientSecret))).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await anonymous.PostAsync("/api/authenticators/test", Unsaved(DingTalkApp.ClientSecret))).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(0, dingTalk.Sandbox.AppTokenRequests);
    }
}

/// <summary>The test's refusals that need an app of their own: a hang, DingTalk out of reach, the demo Client ID, the rate limit.</summary>
public sealed class DingTalkConnectionTestEdgeTests
{
    private static object Unsaved(string clientId, string clientSecret) => new { type = "dingtalk", options = new { clientId, clientSecret } };

    private static async Task<JsonObject> TestAsync(DingTalkApp app, string clientId = DingTalkApp.ClientId, string clientSecret = DingTalkApp.ClientSecret)
    {
        using var admin = await ApiClient.SignInAsync(app.App);
        var response = await admin.PostAsync("/api/authenticators/test", Unsaved(clientId, clientSecret));
        return JsonNode.Parse(response.ShouldBe(HttpStatusCode.OK).Text)!.AsObject();
    }

    [Fact]
    public async Task DingTalk_hanging_is_a_timeout_asked_once()
    {
        var app = await DingTalkApp.StartAsync(new Dictionary<string, string?>
        {
            ["DingTalk:Http:AttemptTimeout"] = "00:00:01",
        });
        try
        {
            app.Sandbox.AppTokenFault = SandboxFault.Hang;

            var json = await TestAsync(app);

            Assert.False(json["ok"]!.GetValue<bool>());
            Assert.Equal("timeout", json["code"]!.GetValue<string>());
            Assert.Equal("DingTalk did not answer in time. Try again in a moment.", json["message"]!.GetValue<string>());
            Assert.Equal(1, app.Sandbox.AppTokenRequests);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task DingTalk_out_of_reach_is_unreachable()
    {
        var app = await DingTalkApp.StartAsync(new Dictionary<string, string?>
        {
            ["DingTalk:Sandbox:Enabled"] = "false",
            ["DingTalk:ApiBaseUrl"] = "http://127.0.0.1:9",
        });
        try
        {
            var json = await TestAsync(app);

            Assert.False(json["ok"]!.GetValue<bool>());
            Assert.Equal("unreachable", json["code"]!.GetValue<string>());
            Assert.StartsWith("DingTalk could not be reached.", json["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_sandboxs_demo_Client_ID_with_a_wrong_secret_fails_whatever_the_secret()
    {
        var app = await DingTalkApp.StartAsync(new Dictionary<string, string?>
        {
            ["DingTalk:Sandbox:Apps:1:ClientId"] = SandboxOptions.WrongSecretClientId,
            ["DingTalk:Sandbox:Apps:1:ClientSecret"] = "configured-secret",
        });
        try
        {
            var json = await TestAsync(app, SandboxOptions.WrongSecretClientId, "configured-secret");

            Assert.Equal("invalid_credentials", json["code"]!.GetValue<string>());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tests_past_the_limit_are_a_429()
    {
        var app = await DingTalkApp.StartAsync(new Dictionary<string, string?> { ["RateLimiting:ConnectionTest:PermitLimit"] = "2" });
        try
        {
            using var admin = await ApiClient.SignInAsync(app.App);
            (await admin.PostAsync("/api/authenticators/test", Unsaved(DingTalkApp.ClientId, DingTalkApp.ClientSecret))).ShouldBe(HttpStatusCode.OK);
            (await admin.PostAsync("/api/authenticators/test", Unsaved(DingTalkApp.ClientId, DingTalkApp.ClientSecret))).ShouldBe(HttpStatusCode.OK);

            var third = await admin.PostAsync("/api/authenticators/test", Unsaved(DingTalkApp.ClientId, DingTalkApp.ClientSecret));

            third.ShouldBeProblem(HttpStatusCode.TooManyRequests);
            Assert.Equal(2, app.Sandbox.AppTokenRequests);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
