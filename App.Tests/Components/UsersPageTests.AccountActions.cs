using System.Security.Claims;
using BlazorAuth.Tests.Support;
using Bunit;
using MudBlazor;

namespace BlazorAuth.Tests.Components;

/// <summary>The details drawer's account actions: lock, unlock, reset the password, delete.</summary>
public sealed partial class UsersPageTests
{
    [Fact]
    public async Task Locking_asks_first_then_locks_says_so_and_shows_the_lock()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var page = OpenDetails(0, "Alice Admin");

        Button(page, "user-lock").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Lock Alice Admin? They can no longer sign in by any method", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(admin.Calls);
        await dialogs.ClickButtonAsync("", "Lock");

        page.WaitForAssertion(() => Assert.Equal(["lock alice-id"], admin.Calls));
        snackbars.WaitForAssertion(() => Assert.Contains("Alice Admin is locked.", snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal("Locked by an administrator until unlocked.", page.Find("[data-testid=user-details-locked]").TextContent.Trim()));
        Assert.NotNull(Button(page, "user-unlock"));
    }

    [Fact]
    public async Task A_refused_lock_shows_the_reason()
    {
        admin.Refusal = "Alice Admin is the last administrator who can sign in.";
        var dialogs = Context.Render<MudDialogProvider>();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var page = OpenDetails(0, "Alice Admin");

        Button(page, "user-lock").Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("button")));
        await dialogs.ClickButtonAsync("", "Lock");

        snackbars.WaitForAssertion(() => Assert.Contains("Alice Admin is the last administrator who can sign in.", snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=user-details-locked]"));
    }

    [Fact]
    public void Unlocking_needs_no_confirmation()
    {
        var snackbars = Context.Render<MudSnackbarProvider>();
        var page = OpenDetails(1, "bob");

        Button(page, "user-unlock").Click();

        page.WaitForAssertion(() => Assert.Equal(["unlock bob-id"], admin.Calls));
        snackbars.WaitForAssertion(() => Assert.Contains("bob is unlocked.", snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.NotNull(Button(page, "user-lock")));
    }

    [Fact]
    public async Task Resetting_a_password_asks_then_shows_the_new_password_once_with_a_copy_button()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var page = OpenDetails(1, "bob");

        Button(page, "user-reset-password").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Give bob a new generated password?", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.ClickButtonAsync("", "Reset password");

        dialogs.WaitForAssertion(() => Assert.Equal(FakeAdministration.Generated, dialogs.Find("#generated-password").GetAttribute("value")));
        Assert.Equal("Password", dialogs.Find("label[for='generated-password']").TextContent.Trim());
        Assert.Contains("Give this password to bob. It is shown only this once", dialogs.Find("[data-testid=generated-password-note]").TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=copy-password]").Click();
        var copy = Context.JSInterop.VerifyInvoke("blazorAuth.copyText");
        Assert.Equal(FakeAdministration.Generated, copy.Arguments[0]);

        dialogs.Find("[data-testid=generated-password-done]").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain(FakeAdministration.Generated, dialogs.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleting_asks_first_then_deletes_and_closes_the_details()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var page = OpenDetails(1, "bob");

        Button(page, "user-delete").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete bob? Their bound accounts are removed too. This cannot be undone.", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.ClickButtonAsync("", "Delete");

        page.WaitForAssertion(() => Assert.Equal(["delete bob-id"], admin.Calls));
        snackbars.WaitForAssertion(() => Assert.Contains("bob was deleted.", snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal(["Alice Admin"], page.FindAll("[data-testid=user-name]").Select(n => n.TextContent.Trim())));
        Assert.Empty(page.FindAll("[data-testid=user-details-name]"));
    }

    [Fact]
    public async Task Cancelling_the_delete_deletes_nothing()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var page = OpenDetails(1, "bob");

        Button(page, "user-delete").Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("button")));
        await dialogs.ClickButtonAsync("", "Cancel");

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("button")));
        Assert.Empty(admin.Calls);
        Assert.Equal(2, page.FindAll("tr.user-row").Count);
    }

    [Fact]
    public void An_admin_cannot_lock_or_delete_themselves_from_the_details()
    {
        auth.SetAuthorized("alice");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "alice-id"));
        var page = OpenDetails(0, "Alice Admin");

        Assert.True(Button(page, "user-lock").HasAttribute("disabled"));
        Assert.True(Button(page, "user-delete").HasAttribute("disabled"));
        Assert.False(Button(page, "user-reset-password").HasAttribute("disabled"));
        Assert.Equal("This is you: you cannot lock or delete your own account.", page.Find("[data-testid=user-self-note]").TextContent.Trim());
    }
}
