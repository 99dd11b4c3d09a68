using System.Net;
using System.Text.RegularExpressions;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Audit;

public sealed partial class RecentActivityTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private TestApp App => shared.App;

    [Fact]
    public async Task My_account_shows_my_own_recent_sign_ins_and_nobody_elses()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var mine = Unique("mine");
        var theirs = Unique("theirs");
        await admin.AddUserAsync(mine);
        await admin.AddUserAsync(theirs);
        using (var wrong = App.CreateBrowser())
        {
            Assert.NotNull(await wrong.TrySignInAsync(mine, "Wrong!Pass000"));
        }

        for (var i = 0; i < 3; i++)
        {
            (await App.SignInAsync(theirs, UserPassword)).Browser.Dispose();
        }

        var (browser, _) = await App.SignInAsync(mine, UserPassword);
        using (browser)
        {
            await App.RecordsAsync(_ => true);
            var (status, html) = await browser.GetPageAsync("/account");

            Assert.Equal(HttpStatusCode.OK, status);
            var results = ResultOf().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(["success", "failure"], results);
        }
    }

    [GeneratedRegex("data-testid=\"recent-signin\" data-result=\"([a-z]+)\"")]
    private static partial Regex ResultOf();
}
