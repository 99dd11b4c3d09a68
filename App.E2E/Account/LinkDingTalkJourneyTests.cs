using BlazorAuth.E2E.Support;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Account;

/// <summary>Issue 6: a password user links DingTalk on /account, signs out, and comes back through DingTalk as the same person.</summary>
public sealed class LinkDingTalkJourneyTests(ChromiumFixture chromium, DingTalkAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<DingTalkAppFixture>
{
    private const string Password = "Linker!Pass123";

    [Fact]
    public Task Password_user_links_DingTalk_and_later_signs_in_with_it_as_the_same_user() => Run(async session =>
    {
        using (var admin = await AdminApi.SignInAsync(host.App))
        {
            await admin.ActivatePluginAsync("auth-dingtalk");
            // Auto sign-up on: had the link not happened, this sign-in would create a second user instead.
            await admin.CreateDingTalkAuthenticatorAsync("dingtalk-link", "Company DingTalk", autoSignup: true);
        }

        var userId = await CreatePasswordUserAsync("mei.chen", "Mei Chen");
        var page = session.Page;

        await page.GotoAsync("/signin");
        await page.SubmitPasswordSignInAsync("mei.chen", Password);
        await Expect(page).ToHaveURLAsync(session.Url("/"));
        await page.GetByRole(AriaRole.Link, new() { Name = "My account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/account"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Link Company DingTalk" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "DingTalk sandbox" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm as Li Si" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/account\?status="));
        await Expect(page.GetByText("Your DingTalk account is linked: you can now sign in with it.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Unlink Company DingTalk" })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(session.Url("/signin?signedOut=1"));

        await session.StartDingTalkSignInAsync("Company DingTalk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm as Li Si" }).ClickAsync();
        await session.ExpectSignedInHomeAsync("Mei Chen", "Company DingTalk");

        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var binding = await db.UserBindings.Include(b => b.Authenticator).SingleAsync(b => b.ProviderKey == "sandbox-union-lisi" && b.Authenticator!.Name == "dingtalk-link");
        Assert.Equal(userId, binding.UserId);
        Assert.False(await db.Users.AnyAsync(u => u.DisplayName == "Li Si"), "Linking must not have created a user for the DingTalk account.");
        session.AssertNoErrors();
    });

    private async Task<string> CreatePasswordUserAsync(string userName, string displayName)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = displayName, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user.Id;
    }

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
