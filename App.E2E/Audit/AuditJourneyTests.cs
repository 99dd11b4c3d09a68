using BlazorAuth.E2E.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace BlazorAuth.E2E.Audit;

/// <summary>
/// Issue 15's operator question, "what changed the authenticators?": an administrator switches an authenticator off in
/// the console, finds that change on /admin/audit, narrows the log to that authenticator, and exports it as CSV.
/// </summary>
public sealed class AuditJourneyTests(ChromiumFixture chromium, DingTalkAppFixture host, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<DingTalkAppFixture>
{
    [Fact]
    public Task Admin_changes_an_authenticator_finds_the_change_in_the_audit_log_filters_it_and_exports_it() => Run(async session =>
    {
        const string name = "audited";
        using (var api = await AdminApi.SignInAsync(host.App))
        {
            await api.ActivatePluginAsync("auth-dingtalk");
            await api.CreateDingTalkAuthenticatorAsync(name, "Audited DingTalk", autoSignup: true);
        }

        var page = session.Page;
        await session.SignInAsAdminAsync();
        await session.OpenFromAdminNavigationAsync("Authentication", "/admin/authenticators", "Authentication");
        var enabled = page.GetByLabel($"Enabled: {name}");
        await Expect(enabled).ToBeCheckedAsync();
        await enabled.UncheckAsync();
        await Expect(enabled).Not.ToBeCheckedAsync();

        // The change is on the log, newest first, with the authenticator it was made to.
        await session.OpenFromAdminNavigationAsync("Audit log", "/admin/audit", "Audit log");
        var grid = page.GetByTestId("audit-grid");
        var disabled = grid.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByTestId("audit-type").GetByText("Authenticator disabled") });
        await Expect(disabled).ToHaveCountAsync(1);
        await Expect(disabled.GetByTestId("audit-authenticator")).ToHaveTextAsync(name);
        await Expect(disabled.GetByTestId("audit-result")).ToHaveTextAsync("Success");

        // Narrowed to the authenticator: its creation through the API and the switch in the console, nothing else.
        await page.GetByLabel("Authenticator").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" }).ClickAsync();
        await Expect(grid.GetByTestId("audit-type")).ToHaveTextAsync(["Authenticator disabled", "Authenticator created"]);

        // The export is the same filter, as a CSV file.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-export").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.StartsWith("id,at,type,result", csv[0], StringComparison.Ordinal);
        Assert.Equal(["authenticator.disabled", "authenticator.created"], csv[1..].Select(line => line.Split(',')[2]));
        Assert.All(csv[1..], line => Assert.Contains($",{name},", line, StringComparison.Ordinal));
        // Both name the administrator who acted: through the API, and in the console's circuit.
        Assert.All(csv[1..], line => Assert.NotEmpty(line.Split(',')[7]));
        Assert.Single(csv[1..].Select(line => line.Split(',')[7]).Distinct());

        // A sign-in row leads to the person: the administrator's own sign-in opens their details.
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        var signIn = grid.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByTestId("audit-type").GetByText("Sign-in") }).First;
        await signIn.GetByTestId("audit-user").ClickAsync();
        await Expect(page.GetByTestId("user-details")).ToBeVisibleAsync();

        session.AssertNoErrors();
    });

    private Task Run(Func<BrowserSession, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        chromium.RunAsync(host.BaseAddress, test, output, testName);
}
