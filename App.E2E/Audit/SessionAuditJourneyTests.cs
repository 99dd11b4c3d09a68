using System.Net;
using BlazorAuth.E2E.Support;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Audit;

/// <summary>"Who signed this person out?": an admin ends a user's session in the console, and the record names that admin.</summary>
public sealed class SessionAuditJourneyTests(ChromiumFixture chromium, AppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<AppFixture>
{
    [Fact]
    public Task An_admin_ends_a_users_session_in_the_console_and_the_audit_record_names_the_admin() => Run(async session =>
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var user = new AppUser { UserName = "zhao.liu", DisplayName = "Zhao Liu" };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, Password)).Succeeded);
        using (var colleague = host.App.CreateBrowser())
        {
            using (var signedIn = await colleague.SignInAsync("zhao.liu", Password))
            {
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            }

            await session.SignInAsAdminAsync();
            await session.OpenFromAdminNavigationAsync("Users", "/admin/users", "Users");
            var page = session.Page;
            await page.GetByRole(AriaRole.Button, new() { Name = "Show details of Zhao Liu" }).ClickAsync();
            var details = page.GetByTestId("user-details");
            await Expect(details.GetByTestId("user-session")).ToHaveCountAsync(1);
            await details.GetByTestId("session-end").ClickAsync();
            await Expect(details.GetByTestId("user-no-sessions")).ToBeVisibleAsync();
        }

        await host.App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var adminId = await db.Users.Where(u => u.Email == TestApp.AdminEmail).Select(u => u.Id).SingleAsync();
        var record = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.Type == AuditEventTypes.SessionRevoked && e.UserId == user.Id).ToListAsync());
        Assert.Equal(adminId, record.ActorId);
        Assert.NotNull(record.SessionId);
        session.AssertNoErrors();
    });

    private const string Password = "Audit!Session2026";

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
