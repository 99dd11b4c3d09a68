using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Foundation;

/// <summary>What an orchestrator probes: live while the process answers, ready only while the database and the key ring work.</summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task Live_and_ready_answer_healthy_on_a_working_app()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database);
        using var browser = app.CreateBrowser();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await browser.GetPageAsync("/healthz/live"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await browser.GetPageAsync("/healthz/ready"));
    }

    [Fact]
    public async Task With_a_corrupt_database_the_app_is_live_but_not_ready()
    {
        using var database = new TestDatabase();
        using var app = new TestApp(database);
        using var browser = app.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetPageAsync("/healthz/ready")).Status);

        database.ClearSqlitePool();
        var garbage = new byte[16 * 1024];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(database.Path, garbage);

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await browser.GetPageAsync("/healthz/live"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await browser.GetPageAsync("/healthz/ready"));
    }
}
