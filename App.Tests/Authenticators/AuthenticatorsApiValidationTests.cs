using System.Net;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Authenticators;

public sealed class AuthenticatorsApiValidationTests(SharedApp shared) : IClassFixture<SharedApp>, IAsyncLifetime
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

    [Fact]
    public async Task Missing_auth_uid_is_a_problem_on_name()
    {
        var response = await admin.PostAsync("/api/authenticators", new { type = "password", enabled = false });

        response.ShouldReject("name", "Auth UID is required.");
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("dot.ted")]
    [InlineData("slash/ed")]
    [InlineData("ünicode")]
    public async Task Auth_uid_outside_the_pattern_is_a_problem_on_name(string name)
    {
        var response = await admin.PostAsync("/api/authenticators", Password(name));

        response.ShouldReject("name", "Auth UID may contain only letters, digits, \"_\" and \"-\".");
        Assert.Null(await App.AuthenticatorRowAsync(name));
    }

    [Fact]
    public async Task Auth_uid_longer_than_64_characters_is_a_problem_on_name()
    {
        var name = new string('a', 65);

        var response = await admin.PostAsync("/api/authenticators", Password(name));

        response.ShouldReject("name", "Auth UID can have at most 64 characters.");
        Assert.Null(await App.AuthenticatorRowAsync(name));
    }

    [Fact]
    public async Task Auth_uid_of_exactly_64_allowed_characters_is_accepted()
    {
        var name = "Az09_-" + new string('x', 58);

        var response = await admin.PostAsync("/api/authenticators", Password(name, enabled: false));

        response.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(name, response.Json.GetProperty("name").GetString());
        Assert.Equal($"/api/authenticators/{name}", response.Location?.OriginalString);
    }

    [Fact]
    public async Task Duplicate_auth_uid_is_a_problem_on_name_and_the_existing_one_is_untouched()
    {
        await admin.CreateAsync(Password("dup-one", enabled: false, title: "First"));

        var response = await admin.PostAsync("/api/authenticators", Password("dup-one", enabled: true, title: "Second"));

        response.ShouldReject("name", "Another authenticator already uses this Auth UID.");
        var existing = (await admin.GetAsync("/api/authenticators/dup-one")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("First", existing.GetProperty("title").GetString());
        Assert.False(existing.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Auth_uid_differing_only_in_case_counts_as_taken()
    {
        await admin.CreateAsync(Password("case-one", enabled: false));

        var response = await admin.PostAsync("/api/authenticators", Password("Case-One", enabled: false));

        response.ShouldReject("name", "Another authenticator already uses this Auth UID.");
        (await admin.GetAsync("/api/authenticators/Case-One")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_auth_type_is_a_problem_on_type()
    {
        var response = await admin.PostAsync("/api/authenticators", new { name = "saml-one", type = "saml", enabled = true });

        response.ShouldReject("type", "This auth type does not exist.");
    }

    [Fact]
    public async Task Missing_auth_type_is_a_problem_on_type()
    {
        var response = await admin.PostAsync("/api/authenticators", new { name = "typeless", enabled = true });

        response.ShouldReject("type", "Auth Type is required.");
    }

    [Fact]
    public async Task DingTalk_without_client_id_and_secret_lists_both_fields()
    {
        var response = await admin.PostAsync("/api/authenticators", DingTalkBody("dt-empty", clientId: null, clientSecret: null));

        response.ShouldReject("options.clientId", "Client ID is required.");
        response.ShouldReject("options.clientSecret", "Client Secret is required.");
        Assert.Null(await App.AuthenticatorRowAsync("dt-empty"));
    }

    [Fact]
    public async Task DingTalk_with_empty_client_secret_on_creation_is_a_problem_on_client_secret()
    {
        var response = await admin.PostAsync("/api/authenticators", DingTalkBody("dt-blank", clientSecret: ""));

        response.ShouldReject("options.clientSecret");
        Assert.Null(await App.AuthenticatorRowAsync("dt-blank"));
    }

    [Fact]
    public async Task Every_invalid_field_is_listed_in_one_problem()
    {
        var response = await admin.PostAsync("/api/authenticators", new
        {
            name = "bad name",
            type = "dingtalk",
            title = new string('t', 129),
            description = new string('d', 1025),
            enabled = true,
            options = new { clientId = "", clientSecret = (string?)null },
        });

        response.ShouldReject("name");
        Assert.Equal(
            ["description", "name", "options.clientId", "options.clientSecret", "title"],
            response.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Title can have at most 128 characters.", response.Errors["title"]);
        Assert.Contains("Description can have at most 1024 characters.", response.Errors["description"]);
    }

    [Fact]
    public async Task Put_with_an_empty_client_secret_is_a_problem_and_keeps_the_stored_secret()
    {
        await admin.CreateAsync(DingTalkBody("dt-put-empty", clientSecret: "kept-secret-1"));

        var response = await admin.PutAsync("/api/authenticators/dt-put-empty", DingTalkBody("dt-put-empty", clientId: "changed", clientSecret: ""));

        response.ShouldReject("options.clientSecret", "A secret cannot be empty. Leave it out to keep the stored one.");
        Assert.Equal("kept-secret-1", (await App.StoredSecretsAsync("dt-put-empty"))["clientSecret"]);
        var stored = (await admin.GetAsync("/api/authenticators/dt-put-empty")).Json;
        Assert.Equal("ding-client-id", stored.GetProperty("options").GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task Put_with_another_auth_uid_is_refused_and_the_row_keeps_its_name()
    {
        await admin.CreateAsync(Password("stays-put", enabled: false));

        var response = await admin.PutAsync("/api/authenticators/stays-put", Password("renamed", enabled: false, title: "New title"));

        response.ShouldReject("name", "Auth UID cannot change after creation.");
        var row = (await admin.GetAsync("/api/authenticators/stays-put")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("stays-put", row.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("title").ValueKind);
        (await admin.GetAsync("/api/authenticators/renamed")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_with_another_auth_type_is_refused()
    {
        await admin.CreateAsync(Password("pw-typed", enabled: false));

        var response = await admin.PutAsync("/api/authenticators/pw-typed", DingTalkBody("pw-typed"));

        response.ShouldReject("type", "Auth Type cannot change after creation.");
        Assert.Equal("password", (await App.AuthenticatorRowAsync("pw-typed"))!.Type);
    }

    [Fact]
    public async Task Put_without_name_and_type_updates_the_named_authenticator()
    {
        await admin.CreateAsync(Password("pw-short-put", enabled: false));

        var response = await admin.PutAsync("/api/authenticators/pw-short-put", new { title = "Staff", description = "For staff", enabled = false });

        var json = response.ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("pw-short-put", json.GetProperty("name").GetString());
        Assert.Equal("Staff", json.GetProperty("title").GetString());
        Assert.Equal("For staff", json.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("{\"name\":\"wrong-type\",\"type\":\"password\",\"enabled\":\"yes\"}", "enabled")]
    [InlineData("{\"name\":42,\"type\":\"password\"}", "name")]
    [InlineData("{\"name\":\"wrong-options\",\"type\":\"password\",\"options\":\"none\"}", "options")]
    public async Task Wrong_json_types_are_a_problem_naming_the_field(string json, string field)
    {
        var response = await admin.SendRawAsync(HttpMethod.Post, "/api/authenticators", json);

        response.ShouldReject(field);
    }

    [Theory]
    [InlineData("{\"name\":\"dt-wrong-id\",\"type\":\"dingtalk\",\"options\":{\"clientId\":5,\"clientSecret\":\"s\"}}", "options.clientId")]
    [InlineData("{\"name\":\"dt-wrong-auto\",\"type\":\"dingtalk\",\"options\":{\"clientId\":\"c\",\"clientSecret\":\"s\",\"autoSignup\":\"yes\"}}", "options.autoSignup")]
    [InlineData("{\"name\":\"dt-wrong-secret\",\"type\":\"dingtalk\",\"options\":{\"clientId\":\"c\",\"clientSecret\":7}}", "options.clientSecret")]
    public async Task Wrong_option_types_are_a_problem_naming_the_option(string json, string field)
    {
        var response = await admin.SendRawAsync(HttpMethod.Post, "/api/authenticators", json);

        response.ShouldReject(field);
    }

    [Theory]
    [InlineData("{\"name\":\"broken\",")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_a_validation_problem_not_a_crash(string json)
    {
        var response = await admin.SendRawAsync(HttpMethod.Post, "/api/authenticators", json);

        response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.NotEmpty(response.Errors);
    }

    [Theory]
    [InlineData("POST", "/api/authenticators")]
    [InlineData("PUT", "/api/authenticators/basic")]
    [InlineData("POST", "/api/authenticators/basic/move")]
    [InlineData("PUT", "/api/plugins/auth-dingtalk")]
    public async Task A_body_that_is_not_json_is_415(string method, string path)
    {
        var response = await admin.SendRawAsync(new HttpMethod(method), path, "name=basic&enabled=false", "application/x-www-form-urlencoded");

        response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", response.Detail, StringComparison.Ordinal);
        Assert.True((await App.AuthenticatorRowAsync("basic"))!.Enabled);
    }

    [Fact]
    public async Task Unknown_authenticator_is_404_for_read_write_delete_and_move()
    {
        (await admin.GetAsync("/api/authenticators/nobody")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await admin.PutAsync("/api/authenticators/nobody", Password("nobody"))).ShouldBeProblem(HttpStatusCode.NotFound);
        (await admin.DeleteAsync("/api/authenticators/nobody")).ShouldBeProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync("/api/authenticators/nobody/move", new { before = "basic" })).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Plugin_switch_without_enabled_is_a_problem_on_enabled()
    {
        var response = await admin.PutAsync("/api/plugins/auth-dingtalk", new { });

        response.ShouldReject("enabled");
    }

    [Fact]
    public async Task Unknown_plugin_is_404()
    {
        (await admin.PutAsync("/api/plugins/auth-saml", new { enabled = true })).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
