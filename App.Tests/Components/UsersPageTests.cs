using System.Security.Claims;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Tests.Support;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Components;

namespace BlazorAuth.Tests.Components;

public sealed partial class UsersPageTests : BunitHost
{
    private static readonly UserRow Alice = new(
        "alice-id", "Alice Admin", "alice", "alice@corp.example", "+86 138 0000 0001", null, ["Admin"],
        new DateTime(2025, 1, 2, 3, 4, 0, DateTimeKind.Utc), null, false, false,
        [new BoundAuthenticator("acme", "Acme DingTalk", "dingtalk"), new BoundAuthenticator("untitled", "DingTalk", "dingtalk")]);

    private static readonly UserRow Bob = new(
        "bob-id", null, "bob", "bob@corp.example", null, "https://static.example/bob.png", [],
        new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), DateTimeOffset.UtcNow.AddHours(1), true, false, []);

    private readonly FakeDirectory directory = new([Alice, Bob]);
    private readonly FakeAdministration admin;
    private readonly BunitAuthorizationContext auth;

    public UsersPageTests()
    {
        admin = new FakeAdministration(directory);
        auth = Context.AddAuthorization();
        Context.Services.AddSingleton<IUserDirectory>(directory);
        Context.Services.AddSingleton<IUserAdministration>(admin);
        Context.Services.AddSingleton<ISessionList, NoSessions>();
        Context.Render<MudPopoverProvider>();
    }

    private IRenderedComponent<UsersPage> RenderPage()
    {
        var page = Context.Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.user-row").Count));
        return page;
    }

    [Fact]
    public void Renders_a_row_per_user_from_the_directory()
    {
        var page = RenderPage();

        var first = Assert.Single(directory.Queries);
        Assert.Equal(new UserQuery(null, 1, 20), first);
        var rows = page.FindAll("tr.user-row");
        Assert.Equal("Alice Admin", rows[0].QuerySelector("[data-testid=user-name]")!.TextContent.Trim());
        Assert.Equal("alice@corp.example", rows[0].QuerySelector("[data-testid=user-email]")!.TextContent);
        Assert.Equal("+86 138 0000 0001", rows[0].QuerySelector("[data-testid=user-phone]")!.TextContent);
        Assert.Equal(["Admin"], rows[0].QuerySelectorAll("[data-testid=user-role]").Select(c => c.TextContent.Trim()));
        Assert.EndsWith(" UTC", rows[0].QuerySelector("[data-testid=user-created]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Acme DingTalk", "DingTalk"], rows[0].QuerySelectorAll("[data-testid=user-authenticator]").Select(c => c.TextContent.Trim()));
        // Without a display name the user name shows; a locked user is marked.
        Assert.Equal("bob", rows[1].QuerySelector("[data-testid=user-name]")!.TextContent.Trim());
        Assert.NotNull(rows[1].QuerySelector("[data-testid=user-locked]"));
        Assert.Equal("https://static.example/bob.png", rows[1].QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public void The_search_box_is_labelled_and_asks_the_directory_for_the_prefix()
    {
        var page = RenderPage();
        Assert.NotNull(page.Find("label[for=users-search]"));

        page.Find("#users-search").Input("bo");

        page.WaitForAssertion(() => Assert.Equal("bo", directory.Queries[^1].Search), TimeSpan.FromSeconds(3));
        page.WaitForAssertion(() => Assert.Equal("bob", Assert.Single(page.FindAll("tr.user-row")).QuerySelector("[data-testid=user-name]")!.TextContent.Trim()));
        Assert.Equal(1, directory.Queries[^1].Page);
    }

    [Fact]
    public void Clicking_a_row_shows_the_users_bindings()
    {
        var page = RenderPage();

        page.FindAll("tr.user-row")[0].Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=user-binding]")));
        Assert.Equal("Alice Admin", page.Find("[data-testid=user-details-name]").TextContent.Trim());
        var bindings = page.FindAll("[data-testid=user-binding]");
        Assert.Equal(2, bindings.Count);
        Assert.Equal("Alice on DingTalk", bindings[0].QuerySelector("[data-testid=binding-nick]")!.TextContent.Trim());
        Assert.Equal("Acme DingTalk", bindings[0].QuerySelector("[data-testid=binding-authenticator]")!.TextContent.Trim());
        Assert.Equal("union-alice", bindings[0].QuerySelector("[data-testid=binding-unionid]")!.TextContent);
        Assert.Contains("UTC", bindings[0].QuerySelector("[data-testid=binding-last-signin]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://static.example/alice.png", bindings[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("DingTalk", bindings[1].QuerySelector("[data-testid=binding-authenticator]")!.TextContent.Trim());
    }

    [Fact]
    public void The_name_is_a_button_that_opens_the_details_from_the_keyboard_too()
    {
        var page = RenderPage();
        var name = page.FindAll("tr.user-row")[1].QuerySelector("[data-testid=user-name]")!;
        Assert.Equal("BUTTON", name.TagName);
        Assert.Equal("Show details of bob", name.GetAttribute("aria-label"));

        name.Click();

        page.WaitForAssertion(() => Assert.Equal("bob", page.Find("[data-testid=user-details-name]").TextContent.Trim()));
    }

    [Fact]
    public void A_user_without_bindings_says_so()
    {
        var page = RenderPage();

        page.FindAll("tr.user-row")[1].Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=user-no-bindings]")));
        Assert.Equal("Password", page.Find("[data-testid=user-details-password]").TextContent.Trim());
    }

    [Fact]
    public async Task Removing_a_binding_asks_first_then_removes_it_and_says_so()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var page = RenderPage();
        page.FindAll("tr.user-row")[0].Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=remove-binding]").Count));

        page.FindAll("[data-testid=remove-binding]")[1].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Remove the binding of Alice Admin to DingTalk?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(directory.Removed);
        await dialogs.ClickButtonAsync("", "Remove binding");

        page.WaitForAssertion(() => Assert.Equal(("alice-id", "untitled"), Assert.Single(directory.Removed)));
        snackbars.WaitForAssertion(() => Assert.Contains("Binding to DingTalk removed.", snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=user-binding]")));
    }

    [Fact]
    public async Task A_refused_removal_shows_the_reason()
    {
        directory.Refusal = "This binding is the user's last way to sign in.";
        var dialogs = Context.Render<MudDialogProvider>();
        var snackbars = Context.Render<MudSnackbarProvider>();
        var page = RenderPage();
        page.FindAll("tr.user-row")[0].Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=remove-binding]")));

        page.FindAll("[data-testid=remove-binding]")[0].Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("button")));
        await dialogs.ClickButtonAsync("", "Remove binding");

        snackbars.WaitForAssertion(() => Assert.Contains("last way to sign in", snackbars.Markup, StringComparison.Ordinal));
        Assert.Equal(2, page.FindAll("[data-testid=user-binding]").Count);
    }

    private IRenderedComponent<UsersPage> OpenDetails(int row, string name)
    {
        var page = RenderPage();
        page.FindAll("tr.user-row")[row].Click();
        page.WaitForAssertion(() => Assert.Equal(name, page.Find("[data-testid=user-details-name]").TextContent.Trim()));
        return page;
    }

    private static IElement Button(IRenderedComponent<UsersPage> page, string testId) => page.Find($"[data-testid={testId}]");

    [Fact]
    public void New_user_opens_the_form_with_a_label_on_every_field()
    {
        var page = RenderPage();

        Button(page, "new-user").Click();

        page.WaitForAssertion(() => Assert.Equal("New user", page.Find("#user-form-title").TextContent.Trim()));
        foreach (var (id, label) in new[] { ("user-display-name", "Display name"), ("user-user-name", "User name"), ("user-email", "Email"), ("user-phone", "Phone") })
        {
            Assert.Equal(label, page.Find($"label[for='{id}']").TextContent.Trim());
        }

        Assert.Contains("Administrator", page.Find("[data-testid=user-admin]").Closest("label")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Generate a password", page.Find("[data-testid=user-generate-password]").Closest("label")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_opens_the_form_filled_in_with_the_user()
    {
        var page = OpenDetails(0, "Alice Admin");

        Button(page, "user-edit").Click();

        page.WaitForAssertion(() => Assert.Equal("Edit user", page.Find("#user-form-title").TextContent.Trim()));
        Assert.Equal("Alice Admin", page.Find("#user-display-name").GetAttribute("value"));
        Assert.Equal("alice@corp.example", page.Find("#user-email").GetAttribute("value"));
        Assert.Equal("+86 138 0000 0001", page.Find("#user-phone").GetAttribute("value"));
        Assert.Empty(page.FindAll("#user-password"));
    }
}
