using System.Globalization;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;
using Npgsql;

namespace BlazorAuth.Tests.PostgreSql.Cluster;

/// <summary>
/// How long a change committed on one instance takes to reach another, measured from PostgreSQL's own commit
/// timestamp (scripts/cluster.sh turns on track_commit_timestamp), not from when the test sent the change: on a
/// loaded machine the edit's request alone can take longer than the propagation.
/// </summary>
internal static class Propagation
{
    /// <summary>test.sh sets it: a file the observed figures are appended to, for the lead to quote.</summary>
    public const string FiguresVariable = "BLAZORAUTH_CLUSTER_FIGURES";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Asks <paramref name="instance"/> for the authenticator's login every ~50 ms until it stops sending the browser
    /// to DingTalk; answers every poll with the wall-clock time it was sent and answered.
    /// </summary>
    public static async Task<IReadOnlyList<Poll>> PollUntilRefusedAsync(Uri instance, string authenticator, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = instance };
        var polls = new List<Poll>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sent = DateTime.UtcNow;
            using var login = await client.GetAsync(DingTalkBrowser.LoginUrl(authenticator), cancellationToken);
            var answered = DateTime.UtcNow;
            var toDingTalk = login.StatusCode == System.Net.HttpStatusCode.Redirect
                && (login.Headers.Location?.ToString() ?? "").Contains(SandboxEndpoints.BasePath, StringComparison.Ordinal);
            polls.Add(new(sent, answered, !toDingTalk));
            if (!toDingTalk)
            {
                return polls;
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    /// <summary>When the transaction that last wrote the authenticator's row committed, by PostgreSQL's clock (this machine's).</summary>
    public static async Task<DateTime> CommitTimeAsync(ClusterFixture cluster, string authenticator)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_xact_commit_timestamp(xmin) FROM \"Authenticators\" WHERE \"Name\" = @p", connection) { Parameters = { new("p", authenticator) } };
        return ((DateTime)(await command.ExecuteScalarAsync())!).ToUniversalTime();
    }

    public static Observed Observe(DateTime committedAt, IReadOnlyList<Poll> polls)
    {
        var refused = polls[^1];
        Assert.True(refused.Refused, "The polls ended before the instance refused.");
        var lastAccepted = polls.Count > 1 ? polls[^2] : null;
        var atLeast = lastAccepted is null || lastAccepted.Sent < committedAt ? TimeSpan.Zero : lastAccepted.Sent - committedAt;
        return new(refused.Answered - committedAt, atLeast, polls.Count);
    }

    /// <summary>Appends a line to the figures file when test.sh asked for one.</summary>
    public static void Record(string line)
    {
        if (Environment.GetEnvironmentVariable(FiguresVariable) is { Length: > 0 } path)
        {
            File.AppendAllText(path, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z {line}{Environment.NewLine}");
        }
    }

    public sealed record Poll(DateTime Sent, DateTime Answered, bool Refused);

    /// <summary>
    /// The change reached the instance at most <see cref="AtMost"/> after the commit (the first refusing answer) and at
    /// least <see cref="AtLeast"/> after it (the last poll it still accepted was sent then).
    /// </summary>
    public sealed record Observed(TimeSpan AtMost, TimeSpan AtLeast, int Polls)
    {
        public string Describe(string what) => string.Create(CultureInfo.InvariantCulture,
            $"{what} {AtMost.TotalMilliseconds:F0} ms after A's commit (at most; still accepted {AtLeast.TotalMilliseconds:F0} ms after it; {Polls} polls every {Interval.TotalMilliseconds:F0} ms)");
    }
}
