using System.Net;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Users;

public sealed class UserAdminFixture : IAsyncLifetime
{
    public TestApp App { get; } = new();

    public ApiClient Admin { get; private set; } = null!;

    public string AdminId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Admin = await ApiClient.SignInAsync(App);
        await App.AddDingTalkAuthenticatorAsync("acme", "Acme DingTalk");
        AdminId = await App.UserIdAsync(TestApp.AdminEmail);
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        App.Database.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Every admin action on users through the HTTP API, and the answers people get when one is refused.</summary>
public sealed partial class UserAdministrationApiTests(UserAdminFixture fixture) : IClassFixture<UserAdminFixture>
{
    private TestApp App => fixture.App;

    private ApiClient Admin => fixture.Admin;

    private static IEnumerable<string?> Roles(JsonElement user) => user.GetProperty("roles").EnumerateArray().Select(r => r.GetString());

    [Fact]
    public async Task Creating_a_user_with_a_password_answers_201_with_the_user_and_they_can_sign_in()
    {
        var email = Unique("ann") + "@corp.example";

        var response = (await Admin.PostAsync("/api/users", new
        {
            displayName = "Ann Example",
            email,
            phoneNumber = "+86 138 1234 0001",
            roles = Array.Empty<string>(),
            password = UserPassword,
        })).ShouldBe(HttpStatusCode.Created);

        var user = response.Json;
        var id = user.GetProperty("id").GetString()!;
        Assert.Equal($"/api/users/{id}", response.Location?.OriginalString);
        Assert.Equal("Ann Example", user.GetProperty("displayName").GetString());
        Assert.Equal(email, user.GetProperty("userName").GetString());
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("+86 138 1234 0001", user.GetProperty("phoneNumber").GetString());
        Assert.Empty(Roles(user));
        Assert.True(user.GetProperty("hasPassword").GetBoolean());
        Assert.False(user.TryGetProperty("generatedPassword", out _));
        Assert.Equal("+8613812340001", (await App.UserRowAsync(id)).NormalizedPhoneNumber);

        var (browser, target) = await App.SignInAsync(email, UserPassword);
        using (browser)
        {
            Assert.Equal("/", target);
        }
    }

    [Fact]
    public async Task A_generated_password_is_answered_once_and_must_be_changed_at_the_first_sign_in()
    {
        var userName = Unique("gen");

        var created = await Admin.CreateUserAsync(new { displayName = "Gen Erated", userName, generatePassword = true });

        var password = created.GetProperty("generatedPassword").GetString()!;
        Assert.True(password.Length >= 24, password);
        var id = created.GetProperty("id").GetString()!;
        Assert.True((await App.UserRowAsync(id)).MustChangePassword);
        var details = (await Admin.GetAsync($"/api/users/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(password, details.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("generatedPassword", details.Text, StringComparison.Ordinal);

        var (browser, target) = await App.SignInAsync(userName, password);
        using (browser)
        {
            Assert.Equal("/account/password?returnUrl=%2F", target);
            Assert.StartsWith("/account/password", await browser.VisitAsync("/"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_user_created_as_admin_opens_the_admin_API()
    {
        var userName = Unique("boss");
        var created = await Admin.CreateUserAsync(new { displayName = "Boss", userName, roles = new[] { "admin" }, password = UserPassword });
        Assert.Equal(["Admin"], Roles(created));

        var (browser, target) = await App.SignInAsync(userName, UserPassword);
        using var api = new ApiClient(browser);

        Assert.Equal("/admin", target);
        (await api.GetAsync("/api/users")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_user_name_the_email_is_the_user_name_and_without_an_email_the_user_name_is_enough()
    {
        var userName = Unique("noemail");

        var created = await Admin.CreateUserAsync(new { displayName = "No Email", userName, password = UserPassword });

        Assert.Equal(userName, created.GetProperty("userName").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("email").ValueKind);
    }

    public static TheoryData<string, string, string> InvalidNewUsers => new()
    {
        { """{"displayName":"X","email":"not-an-email","password":"User!Pass12345"}""", "email", "Enter a valid email address." },
        { """{"displayName":"X","userName":"x1","phoneNumber":"138-abc","password":"User!Pass12345"}""", "phoneNumber",
            "Enter a phone number of 5 to 15 digits, optionally with + and a country code; spaces, dashes, dots and brackets are allowed." },
        { """{"displayName":"X","userName":"x2","phoneNumber":"12","password":"User!Pass12345"}""", "phoneNumber",
            "Enter a phone number of 5 to 15 digits, optionally with + and a country code; spaces, dashes, dots and brackets are allowed." },
        { """{"displayName":"  ","userName":"x3","password":"User!Pass12345"}""", "displayName", "Enter a display name." },
        { """{"displayName":"X","userName":"x4","password":"Ab1!"}""", "password", "The password must have at least 8 characters." },
        { """{"displayName":"X","userName":"x5","password":"alllowercase1!"}""", "password", "The password must contain an uppercase letter (A-Z)." },
        { """{"displayName":"X","userName":"x6"}""", "password", "Enter an initial password, or let one be generated." },
        { """{"displayName":"X","userName":"x7","password":"User!Pass12345","generatePassword":true}""", "password",
            "Either enter a password or let one be generated, not both." },
        { """{"displayName":"X","userName":"x8","roles":["Owner"],"password":"User!Pass12345"}""", "roles", "Unknown role: Owner." },
        { """{"displayName":"X","password":"User!Pass12345"}""", "userName", "Enter a user name or an email: the user signs in with one of them." },
        { """{"displayName":"X","userName":"has space","password":"User!Pass12345"}""", "userName",
            "A user name may contain only these characters: abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+" },
    };

    [Theory]
    [MemberData(nameof(InvalidNewUsers))]
    public async Task An_invalid_new_user_is_a_400_naming_the_field_and_nothing_is_created(string body, string field, string message)
    {
        var before = await App.WithDbAsync(db => db.Users.CountAsync());

        (await Admin.SendRawAsync(HttpMethod.Post, "/api/users", body)).ShouldReject(field, message);

        Assert.Equal(before, await App.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_refused()
    {
        (await Admin.SendRawAsync(HttpMethod.Post, "/api/users", "displayName=X", "application/x-www-form-urlencoded"))
            .ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
        (await Admin.SendRawAsync(HttpMethod.Put, $"/api/users/{fixture.AdminId}", """{"roles":"Admin"}""")).ShouldReject("roles");
    }

    [Fact]
    public async Task An_email_already_taken_in_another_case_is_refused()
    {
        var email = Unique("dup") + "@corp.example";
        await Admin.CreateUserAsync(new { displayName = "First", email, password = UserPassword });

        (await Admin.PostAsync("/api/users", new { displayName = "Second", email = email.ToUpperInvariant(), password = UserPassword }))
            .ShouldReject("email", "Another user already has this email.");
    }

    [Fact]
    public async Task A_phone_number_already_taken_in_another_format_is_refused_on_create_and_edit()
    {
        var digits = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        await Admin.AddUserAsync(Unique("phone"), phone: $"+86 {digits[..3]}-{digits[3..7]}-{digits[7..]}");
        var other = await Admin.AddUserAsync(Unique("other"));
        const string taken = "Another user already has this phone number (compared without spaces, dashes and country-code style).";

        (await Admin.PostAsync("/api/users", new { displayName = "Copy", userName = Unique("copy"), phoneNumber = "0086 " + digits, password = UserPassword }))
            .ShouldReject("phoneNumber", taken);
        (await Admin.PutAsync($"/api/users/{other}", new { phoneNumber = digits })).ShouldReject("phoneNumber", taken);
        Assert.Null((await App.UserRowAsync(other)).PhoneNumber);
    }

    [Fact]
    public async Task Two_users_created_at_once_with_one_phone_number_in_two_formats_make_one_user()
    {
        var digits = "135" + Random.Shared.Next(10_000_000, 99_999_999);
        object Body(string phone) => new { displayName = "Racer", userName = Unique("racer"), phoneNumber = phone, password = UserPassword };

        var answers = await Task.WhenAll(Admin.PostAsync("/api/users", Body(digits)), Admin.PostAsync("/api/users", Body("+86 " + digits)));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.BadRequest], answers.Select(a => a.Status).Order());
        Assert.Contains("phoneNumber", answers.Single(a => a.Status == HttpStatusCode.BadRequest).Errors.Keys);
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedPhoneNumber == "+86" + digits)));
    }

    [Fact]
    public async Task Two_users_created_at_once_with_one_email_make_one_user()
    {
        var email = Unique("race") + "@corp.example";
        object Body(string address) => new { displayName = "Racer", userName = Unique("racer"), email = address, password = UserPassword };

        var answers = await Task.WhenAll(Admin.PostAsync("/api/users", Body(email)), Admin.PostAsync("/api/users", Body(email.ToUpperInvariant())));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.BadRequest], answers.Select(a => a.Status).Order());
        Assert.Equal(["Another user already has this email."], answers.Single(a => a.Status == HttpStatusCode.BadRequest).Errors["email"]);
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task Editing_changes_name_email_phone_and_keeps_what_is_left_out()
    {
        var userName = Unique("eddy");
        var id = await Admin.AddUserAsync(userName, phone: "+31 6 1234 0" + Random.Shared.Next(100, 999));
        var email = Unique("eddy.new") + "@corp.example";
        var phone = "+86 137 " + Random.Shared.Next(1000_0000, 9999_9999);

        var edited = (await Admin.PutAsync($"/api/users/{id}", new { displayName = "Eddy Edited", email, phoneNumber = phone }))
            .ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("Eddy Edited", edited.GetProperty("displayName").GetString());
        Assert.Equal(email, edited.GetProperty("email").GetString());
        Assert.Equal(phone, edited.GetProperty("phoneNumber").GetString());
        Assert.Equal(userName, edited.GetProperty("userName").GetString());
        var found = (await Admin.GetAsync($"/api/users?search={Uri.EscapeDataString(phone.Replace(" ", "-", StringComparison.Ordinal))}"))
            .ShouldBe(HttpStatusCode.OK).Json.GetProperty("items");
        Assert.Equal([id], found.Strings("id"));

        var renamed = (await Admin.PutAsync($"/api/users/{id}", new { displayName = "Eddy Again" })).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(email, renamed.GetProperty("email").GetString());
        Assert.Equal(phone, renamed.GetProperty("phoneNumber").GetString());

        var cleared = (await Admin.PutAsync($"/api/users/{id}", new { email = "", phoneNumber = "" })).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("email").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("phoneNumber").ValueKind);
        Assert.Null((await App.UserRowAsync(id)).NormalizedPhoneNumber);
    }

    [Fact]
    public async Task A_user_keeps_their_own_phone_number_in_another_format()
    {
        var digits = "136" + Random.Shared.Next(10_000_000, 99_999_999);
        var id = await Admin.AddUserAsync(Unique("self"), phone: digits);

        var edited = (await Admin.PutAsync($"/api/users/{id}", new { phoneNumber = "+86 " + digits })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("+86 " + digits, edited.GetProperty("phoneNumber").GetString());
    }

    [Fact]
    public async Task Editing_refuses_an_email_of_another_user_and_an_empty_display_name()
    {
        var taken = await Admin.AddUserAsync(Unique("taken"));
        var id = await Admin.AddUserAsync(Unique("edit"));
        var takenEmail = (await App.UserRowAsync(taken)).Email!;

        (await Admin.PutAsync($"/api/users/{id}", new { email = takenEmail })).ShouldReject("email", "Another user already has this email.");
        (await Admin.PutAsync($"/api/users/{id}", new { displayName = "" })).ShouldReject("displayName", "Enter a display name.");
        Assert.NotEqual(takenEmail, (await App.UserRowAsync(id)).Email);
    }

    [Fact]
    public async Task Granting_and_revoking_Admin_changes_the_roles()
    {
        var id = await Admin.AddUserAsync(Unique("promo"));

        var granted = (await Admin.PutAsync($"/api/users/{id}", new { roles = new[] { "Admin" } })).ShouldBe(HttpStatusCode.OK).Json;
        var revoked = (await Admin.PutAsync($"/api/users/{id}", new { roles = Array.Empty<string>() })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(["Admin"], Roles(granted));
        Assert.Empty(Roles(revoked));
    }
}
