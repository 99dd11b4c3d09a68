using System.Net;
using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Support;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Audit;

/// <summary>GET /api/audit and /api/audit.csv over real HTTP: filters, keyset paging, problems, CSV escaping, and who may read.</summary>
public sealed class AuditApiTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private TestApp App => shared.App;

    [Theory]
    [InlineData("type=signon", "type")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor!", "cursor")]
    [InlineData("cursor=YWJj", "cursor")]
    [InlineData("from=yesterday", "from")]
    [InlineData("result=maybe", "result")]
    public async Task A_bad_filter_is_a_problem_naming_the_parameter(string query, string field)
    {
        using var admin = await ApiClient.SignInAsync(App);

        (await admin.GetAsync("/api/audit?" + query)).ShouldReject(field);
        (await admin.GetAsync("/api/audit.csv?" + query)).ShouldReject(field);
    }

    [Fact]
    public async Task Keyset_pages_walk_every_record_newest_first_without_repeats_or_gaps()
    {
        var authenticator = Unique("paging");
        var at = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        // Ties in time, as a batch of sign-ins in one millisecond has: the id breaks them.
        await App.SeedAsync(Enumerable.Range(0, 23).Select(i => new AuditEvent
        {
            At = at.AddSeconds(i / 3),
            Type = AuditEventTypes.SignIn,
            Result = i % 2 == 0 ? AuditResults.Success : AuditResults.Failure,
            Authenticator = authenticator,
        }));
        using var admin = await ApiClient.SignInAsync(App);
        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await admin.GetAsync($"/api/audit?authenticator={authenticator}&limit=5" + (cursor is null ? "" : "&cursor=" + cursor)))
                .ShouldBe(HttpStatusCode.OK).Json;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next").GetString();
            pages++;
            // A record written between two pages is newer than every cursor: it shifts nothing.
            await App.SeedAsync([new AuditEvent { At = DateTime.UtcNow, Type = AuditEventTypes.SignIn, Result = AuditResults.Success, Authenticator = authenticator }]);
        }
        while (cursor is not null);

        var expected = (await App.RecordsAsync(e => e.Authenticator == authenticator && e.At < at.AddDays(1)))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Id).ToList();
        Assert.Equal(23, expected.Count);
        Assert.Equal(expected, seen);
        Assert.Equal(5, pages);
    }

    [Fact]
    public async Task Filters_narrow_by_type_result_user_authenticator_ip_and_time()
    {
        var authenticator = Unique("filters");
        var at = new DateTime(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);
        await App.SeedAsync(
        [
            new AuditEvent { At = at, Type = AuditEventTypes.SignIn, Result = AuditResults.Success, Authenticator = authenticator, UserId = "u-1", IpAddress = "10.0.0.1" },
            new AuditEvent { At = at.AddMinutes(1), Type = AuditEventTypes.SignIn, Result = AuditResults.Failure, Authenticator = authenticator, UserId = "u-2", IpAddress = "10.0.0.2" },
            new AuditEvent { At = at.AddMinutes(2), Type = AuditEventTypes.SignOut, Result = AuditResults.Success, Authenticator = authenticator, UserId = "u-1", IpAddress = "10.0.0.1" },
        ]);
        using var admin = await ApiClient.SignInAsync(App);

        async Task<List<string?>> UsersOf(string query) =>
            [.. (await admin.GetAsync($"/api/audit?authenticator={authenticator}&{query}")).ShouldBe(HttpStatusCode.OK).Json
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString() + "/" + i.GetProperty("userId").GetString())];

        Assert.Equal(["signout/u-1", "signin/u-2", "signin/u-1"], await UsersOf("limit=10"));
        Assert.Equal(["signin/u-2", "signin/u-1"], await UsersOf("type=signin"));
        Assert.Equal(["signin/u-2"], await UsersOf("result=failure"));
        Assert.Equal(["signout/u-1", "signin/u-1"], await UsersOf("userId=u-1"));
        Assert.Equal(["signin/u-2"], await UsersOf("ip=10.0.0.2"));
        Assert.Equal(["signin/u-2"], await UsersOf("from=2026-11-29T08:01:00Z&to=2026-11-29T08:02:00Z"));
    }

    [Fact]
    public async Task The_CSV_export_escapes_a_user_agent_a_spreadsheet_would_run_as_a_formula()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("csv");
        var id = await admin.AddUserAsync(userName);
        const string agent = "=cmd|' /C calc'!A0";
        using (var browser = App.CreateBrowser())
        {
            Assert.True(browser.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", agent));
            (await browser.SignInAsync(userName, UserPassword)).Dispose();
        }

        await App.RecordsAsync(_ => true);
        using var response = await admin.Browser.GetAsync($"/api/audit.csv?userId={id}&type=signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', AuditCsv.Header), lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains(",'=cmd|' /C calc'!A0,", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", row, StringComparison.Ordinal);
        Assert.Contains("," + userName + ",", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_user_agent_is_shown_escaped_on_the_console_page()
    {
        var marker = Unique("ua");
        await App.SeedAsync([new AuditEvent
        {
            At = DateTime.UtcNow.AddYears(1),
            Type = AuditEventTypes.SignIn,
            Result = AuditResults.Failure,
            UserAgent = $"<script>alert('{marker}')</script>",
        }]);
        using var admin = await ApiClient.SignInAsync(App);

        var (status, html) = await admin.Browser.GetPageAsync("/admin/audit");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"&lt;script&gt;alert(&#x27;{marker}&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"<script>alert('{marker}')", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_gets_neither_the_API_nor_the_page()
    {
        using var admin = await ApiClient.SignInAsync(App);
        var userName = Unique("plain");
        await admin.AddUserAsync(userName);
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        using (browser)
        using (var user = new ApiClient(browser))
        {
            (await user.GetAsync("/api/audit")).ShouldBeProblem(HttpStatusCode.Forbidden);
            (await user.GetAsync("/api/audit.csv")).ShouldBeProblem(HttpStatusCode.Forbidden);
            Assert.Equal("403", await browser.VisitAsync("/admin/audit"));
        }

        using var anonymous = ApiClient.Anonymous(App);
        (await anonymous.GetAsync("/api/audit")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.StartsWith("/signin", await anonymous.Browser.VisitAsync("/admin/audit"), StringComparison.Ordinal);
    }
}
