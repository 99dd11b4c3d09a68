using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(TestApp app)
    {
        using var browser = app.CreateBrowser();
        return await browser.GetPageAsync("/healthz");
    }

    [Fact]
    public async Task Healthz_answers_healthy_on_a_migrated_database()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database);

        var (status, body) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body);
    }

    [Fact]
    public async Task Healthz_answers_unhealthy_when_the_database_file_is_corrupt()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database);
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(app)).Status);

        database.ClearSqlitePool();
        var garbage = new byte[16 * 1024];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(database.Path, garbage);

        var (status, body) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body);
    }

    [Fact]
    public async Task Healthz_answers_unhealthy_when_the_schema_is_missing()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database, settings: new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });

        var (status, body) = await HealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body);
        Assert.Contains("nothing was seeded", app.Logs.All, StringComparison.Ordinal);
    }
}
