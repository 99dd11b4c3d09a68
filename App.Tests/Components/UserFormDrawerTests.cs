using System.Security.Claims;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Identity;
using MudBlazor;

namespace BlazorAuth.Tests.Components;

/// <summary>The new-user and edit-user drawer, validating and saving through the app's real administration service and database.</summary>
public sealed class UserFormDrawerTests : AppServicesBunitHost
{
    private const string PhoneTaken = "Another user already has this phone number (compared without spaces, dashes and country-code style).";

    private UserDetails? saved;
    private bool? openChangedTo;
    private IRenderedComponent<MudDialogProvider> dialogs = null!;
    private IRenderedComponent<MudSnackbarProvider> snackbars = null!;

    public override Task InitializeAsync()
    {
        Context.Render<MudPopoverProvider>();
        dialogs = Context.Render<MudDialogProvider>();
        snackbars = Context.Render<MudSnackbarProvider>();
        return Task.CompletedTask;
    }

    private IUserAdministration Admin => Service<IUserAdministration>();

    private IRenderedComponent<UserFormDrawer> RenderDrawer(UserDetails? existing = null) =>
        Context.Render<UserFormDrawer>(p => p
            .Add(d => d.Open, true)
            .Add(d => d.Existing, existing)
            .Add(d => d.OnSaved, user => saved = user)
            .Add(d => d.OpenChanged, open => openChangedTo = open));

    private static Task SubmitAsync(IRenderedComponent<UserFormDrawer> drawer) =>
        drawer.ClickAsync(() => drawer.Find("[data-testid=user-form-submit]"));

    private static string? ErrorUnder(IRenderedComponent<UserFormDrawer> drawer, string inputId) => drawer.Find($"#{inputId}").ErrorUnder();

    private async Task<UserDetails> ExistingUserAsync(string userName, string? phone = null)
    {
        var result = await Admin.CreateAsync(
            new NewUserInput("Existing " + userName, userName, $"{userName}@corp.example", phone, [], "User!Pass12345", false), new ClaimsPrincipal());
        Assert.True(result.Succeeded, string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? []));
        return result.Value!.User;
    }

    private async Task<int> UserCountAsync() => (await Service<IUserDirectory>().ListAsync(new UserQuery())).Total;

    [Fact]
    public async Task A_bad_email_shows_the_servers_message_under_the_email_and_saves_nothing()
    {
        var before = await UserCountAsync();
        var drawer = RenderDrawer();
        drawer.Find("#user-display-name").Change("Erin Example");
        drawer.Find("#user-email").Change("erin-at-corp");

        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal("Enter a valid email address.", ErrorUnder(drawer, "user-email")));
        Assert.Null(ErrorUnder(drawer, "user-display-name"));
        Assert.Null(ErrorUnder(drawer, "user-phone"));
        Assert.Null(saved);
        Assert.Null(openChangedTo);
        Assert.Equal(before, await UserCountAsync());
    }

    [Fact]
    public async Task A_phone_number_of_another_user_in_another_format_shows_under_the_phone()
    {
        await ExistingUserAsync("phoebe", "+86 138-0000-4242");
        var drawer = RenderDrawer();
        drawer.Find("#user-display-name").Change("Phil Copy");
        drawer.Find("#user-user-name").Change("phil");
        drawer.Find("#user-phone").Change("138 0000 4242");

        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(PhoneTaken, ErrorUnder(drawer, "user-phone")));
        Assert.Null(saved);
    }

    [Fact]
    public async Task After_a_failed_submit_the_errors_follow_the_corrections()
    {
        var drawer = RenderDrawer();
        drawer.Find("#user-user-name").Change("fixme");
        drawer.Find("#user-email").Change("bad");
        await SubmitAsync(drawer);
        drawer.WaitForAssertion(() => Assert.Equal("Enter a display name.", ErrorUnder(drawer, "user-display-name")));
        Assert.Equal("Enter a valid email address.", ErrorUnder(drawer, "user-email"));

        drawer.Find("#user-email").Change("fixme@corp.example");

        drawer.WaitForAssertion(() => Assert.Null(ErrorUnder(drawer, "user-email")));
        Assert.Equal("Enter a display name.", ErrorUnder(drawer, "user-display-name"));
    }

    [Fact]
    public async Task A_typed_password_is_checked_against_the_password_rules()
    {
        var drawer = RenderDrawer();
        drawer.Find("#user-display-name").Change("Pat Short");
        drawer.Find("#user-user-name").Change("pat");
        drawer.Find("[data-testid=user-generate-password]").Change(false);
        drawer.Find("#user-password").Change("short");

        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Contains("The password must have at least 8 characters.", ErrorUnder(drawer, "user-password"), StringComparison.Ordinal));
        Assert.Equal("password", drawer.Find("#user-password").GetAttribute("type"));
        Assert.Equal("Initial password", drawer.Find("label[for='user-password']").TextContent.Trim());
    }

    [Fact]
    public async Task Creating_with_a_generated_password_saves_the_user_and_shows_the_password_once()
    {
        var drawer = RenderDrawer();
        drawer.Find("#user-display-name").Change("Nina New");
        drawer.Find("#user-email").Change("nina@corp.example");
        drawer.Find("#user-phone").Change("+31 6 1234 5678");
        drawer.Find("[data-testid=user-admin]").Change(true);

        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(false, openChangedTo));
        Assert.Equal("Nina New", saved?.DisplayName);
        Assert.Equal(["Admin"], saved!.Roles);
        snackbars.WaitForAssertion(() => Assert.Contains("Nina New was created.", snackbars.Markup, StringComparison.Ordinal));
        var password = "";
        dialogs.WaitForAssertion(() => password = dialogs.Find("#generated-password").GetAttribute("value")!);
        Assert.Contains("Give this password to Nina New.", dialogs.Markup, StringComparison.Ordinal);
        var users = Service<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync("nina@corp.example"))!;
        Assert.True(await users.CheckPasswordAsync(user, password));
        Assert.True(user.MustChangePassword);
        Assert.Equal("+31612345678", user.NormalizedPhoneNumber);
    }

    [Fact]
    public async Task Editing_shows_an_email_taken_by_another_user_inline_then_saves_a_correction()
    {
        await ExistingUserAsync("owner");
        var existing = await ExistingUserAsync("editee");
        var drawer = RenderDrawer(existing);
        Assert.Equal("editee", drawer.Find("#user-user-name").GetAttribute("value"));

        drawer.Find("#user-email").Change("OWNER@corp.example");
        await SubmitAsync(drawer);
        drawer.WaitForAssertion(() => Assert.Equal("Another user already has this email.", ErrorUnder(drawer, "user-email")));
        Assert.Null(saved);

        drawer.Find("#user-email").Change("editee.new@corp.example");
        drawer.Find("#user-display-name").Change("Edith Edited");
        await SubmitAsync(drawer);

        drawer.WaitForAssertion(() => Assert.Equal(false, openChangedTo));
        Assert.Equal(("Edith Edited", "editee.new@corp.example"), (saved!.DisplayName, saved.Email));
        snackbars.WaitForAssertion(() => Assert.Contains("Edith Edited was saved.", snackbars.Markup, StringComparison.Ordinal));
    }
}
