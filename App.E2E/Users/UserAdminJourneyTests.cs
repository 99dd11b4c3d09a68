using BlazorAuth.E2E.Support;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Users;

/// <summary>The DingTalk sandbox, and sessions revalidated every two seconds, so a lock reaches an open console while the test watches.</summary>
public sealed class UserAdminAppFixture() : AppFixture(new Dictionary<string, string?>
{
    ["DingTalk:Sandbox:Enabled"] = "true",
    ["DingTalk:Sandbox:Apps:0:ClientId"] = DingTalkAppFixture.ClientId,
    ["DingTalk:Sandbox:Apps:0:ClientSecret"] = DingTalkAppFixture.ClientSecret,
    ["Security:SessionRevalidationInterval"] = "00:00:02",
});

/// <summary>
/// Issue 6's admin journey, with issue 9's rule: an administrator creates a fellow administrator with their mobile
/// number in the console; the colleague's first DingTalk sign-in is refused (a phone number never signs in an
/// administrator), so he signs in with his password and links DingTalk on My account; then the administrator locks
/// him, and his open console is signed out.
/// </summary>
public sealed class UserAdminJourneyTests(ChromiumFixture chromium, UserAdminAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<UserAdminAppFixture>
{
    private const string Title = "Corp DingTalk";

    [Fact]
    public Task Admin_creates_an_administrator_who_links_DingTalk_himself_and_is_then_locked_out() => Run(async session =>
    {
        using (var api = await AdminApi.SignInAsync(host.App))
        {
            await api.ActivatePluginAsync("auth-dingtalk");
            await api.CreateDingTalkAuthenticatorAsync("corp", Title, autoSignup: true);
        }

        var page = session.Page;
        await session.SignInAsAdminAsync();
        await session.OpenFromAdminNavigationAsync("Users", "/admin/users", "Users");

        // The administrator creates Zhang San, with his mobile as people type it.
        await page.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Complementary, new() { Name = "New user" });
        await form.GetByLabel("Display name").FillAsync("Zhang San");
        await form.GetByLabel("Email").FillAsync("zhang.san@corp.example");
        await form.GetByLabel("Phone").FillAsync("138-0000-0001");
        await form.GetByLabel("Administrator").CheckAsync();
        await form.GetByLabel("Generate a password").UncheckAsync();
        await form.GetByLabel("Initial password").FillAsync("Zhang!Pass2026");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByText("Zhang San was created.")).ToBeVisibleAsync();
        var details = page.GetByTestId("user-details");
        await Expect(details.GetByTestId("user-details-name")).ToHaveTextAsync("Zhang San");
        await page.GetByTestId("user-details-close").ClickAsync();

        // Zhang San tries DingTalk in a browser of his own: the sandbox reports +86 13800000001, which is his, but a
        // phone number never signs in an administrator. He signs in with his password and links DingTalk himself.
        await using var colleague = await BrowserSession.StartAsync(chromium.Browser, host.BaseAddress);
        await colleague.Page.GotoAsync("/signin");
        await colleague.StartDingTalkSignInAsync(Title);
        await colleague.Page.GetByRole(AriaRole.Link, new() { Name = "Confirm as 张三" }).ClickAsync();
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url("/signin?authenticator=corp&error=admin_must_link"));
        await Expect(colleague.Page.GetByTestId("signin-error")).ToContainTextAsync("link DingTalk from My account");
        await colleague.Page.SubmitPasswordSignInAsync("zhang.san@corp.example", "Zhang!Pass2026");
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url("/admin"));
        await colleague.Page.GotoAsync("/account");
        await colleague.Page.GetByRole(AriaRole.Button, new() { Name = $"Link {Title}" }).ClickAsync();
        await colleague.Page.GetByRole(AriaRole.Link, new() { Name = "Confirm as 张三" }).ClickAsync();
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url("/account?status=linked"));

        // From now on DingTalk signs him in, into the console.
        await colleague.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await colleague.StartDingTalkSignInAsync(Title);
        await colleague.Page.GetByRole(AriaRole.Link, new() { Name = "Confirm as 张三" }).ClickAsync();
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url("/admin"));
        await colleague.WaitUntilInteractiveAsync();

        // Bound to the user the administrator made: no second user.
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(["Zhang San"], await db.Users.Where(u => u.NormalizedPhoneNumber == "+8613800000001").Select(u => u.DisplayName).ToListAsync());
        }

        // The administrator sees the binding, and locks him.
        await page.ReloadAsync();
        await session.WaitUntilInteractiveAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Zhang San" });
        await Expect(row).ToContainTextAsync(Title);
        await row.GetByRole(AriaRole.Button, new() { Name = "Show details of Zhang San" }).ClickAsync();
        await Expect(details.GetByTestId("binding-nick")).ToHaveTextAsync("张三");
        await details.GetByRole(AriaRole.Button, new() { Name = "Lock" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Lock" }).ClickAsync();
        await Expect(page.GetByText("Zhang San is locked.")).ToBeVisibleAsync();
        await Expect(details.GetByTestId("user-details-locked")).ToHaveTextAsync("Locked by an administrator until unlocked.");

        // His open console notices at its next check and sends him to sign in; DingTalk now refuses him.
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url($"/signin?returnUrl={Uri.EscapeDataString("/admin")}"));
        await colleague.StartDingTalkSignInAsync(Title);
        await colleague.Page.GetByRole(AriaRole.Link, new() { Name = "Confirm as 张三" }).ClickAsync();
        await Expect(colleague.Page).ToHaveURLAsync(colleague.Url("/signin?authenticator=corp&error=account_unavailable"));
        await Expect(colleague.Page.GetByTestId("signin-error"))
            .ToHaveTextAsync("The email, user name or password is incorrect, or this account cannot sign in right now.");

        session.AssertNoErrors();
        colleague.AssertNoErrors();
    });

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
