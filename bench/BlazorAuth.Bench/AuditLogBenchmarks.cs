using BenchmarkDotNet.Attributes;
using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Bench;

/// <summary>
/// The audit page's queries against 1,000,000 records in a real SQLite file. The records are seeded once into a
/// template file (kept in the temp folder between runs) that every benchmark's app starts from as a copy.
/// </summary>
[MemoryDiagnoser]
public class AuditLogBenchmarks
{
    private static readonly DateTime Start = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Types = [AuditEventTypes.SignIn, AuditEventTypes.SignIn, AuditEventTypes.SignIn, AuditEventTypes.SignOut, AuditEventTypes.SessionRevoked];

    private TestApp app = null!;
    private AuditLog log = null!;
    private AuditCursor middle;

    [Params(1_000_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var database = new TestDatabase();
        File.Copy(Template(Records), database.Path);
        app = new TestApp(database, settings: Quiet.Settings);
        _ = app.BaseAddress;
        log = app.Services.GetRequiredService<AuditLog>();
        middle = new AuditCursor(Start.AddSeconds(Records / 2), Records / 2);
    }

    [Benchmark(Description = "first page of 50, no filter")]
    public Task<AuditPage> FirstPage() => log.PageAsync(new AuditFilter(), 50, null);

    [Benchmark(Description = "page 10,000 (cursor in the middle)")]
    public Task<AuditPage> DeepPage() => log.PageAsync(new AuditFilter(), 50, middle);

    [Benchmark(Description = "one user's events")]
    public Task<AuditPage> ByUser() => log.PageAsync(new AuditFilter(UserId: "user-00421"), 50, null);

    [Benchmark(Description = "failed sign-ins")]
    public Task<AuditPage> FailedSignIns() => log.PageAsync(new AuditFilter(Type: AuditEventTypes.SignIn, Result: AuditResults.Failure), 50, null);

    [Benchmark(Description = "one IP, one day")]
    public Task<AuditPage> IpAndDay() => log.PageAsync(new AuditFilter(From: Start.AddDays(3), To: Start.AddDays(4), Ip: "10.0.0.42"), 50, null);

    [Benchmark(Description = "one authenticator, failures")]
    public Task<AuditPage> AuthenticatorFailures() => log.PageAsync(new AuditFilter(Result: AuditResults.Failure, Authenticator: "dingtalk-3"), 50, null);

    [Benchmark(Description = "a user's Recent activity (20)")]
    public Task<IReadOnlyList<RecentSignInRecord>> Recent() => log.RecentSignInsAsync("user-00421");

    [GlobalCleanup]
    public void Cleanup()
    {
        app.Dispose();
        app.Database.Dispose();
    }

    /// <summary>A migrated database holding <paramref name="count"/> records, made once and reused by later runs.</summary>
    private static string Template(int count)
    {
        var folder = Path.Combine(Path.GetTempPath(), "blazorauth-bench");
        var template = Path.Combine(folder, $"audit-{count}.db");
        if (File.Exists(template))
        {
            return template;
        }

        Directory.CreateDirectory(folder);
        var database = new TestDatabase();
        using (var migrated = new TestApp(database, settings: Quiet.Settings))
        {
            _ = migrated.BaseAddress;
        }

        SqliteConnection.ClearAllPools();
        Seed(database.Path, count);
        SqliteConnection.ClearAllPools();
        File.Copy(database.Path, template + ".tmp", overwrite: true);
        File.Move(template + ".tmp", template, overwrite: true);
        database.Dispose();
        return template;
    }

    /// <summary>Plain SQL in one transaction, indexes built after the rows: a million records in about a minute.</summary>
    private static void Seed(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        string[] indexes;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'AuditEvents' AND sql IS NOT NULL";
            using var reader = read.ExecuteReader();
            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(reader.GetString(0));
            }

            indexes = [.. list];
        }

        Execute(connection, string.Join(';', indexes.Select(sql => "DROP INDEX " + sql.Split(' ')[2])));
        using (var tx = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO AuditEvents (At, Type, Result, Reason, UserId, Authenticator, Method, IpAddress, UserAgent, SessionId)
                VALUES ($at, $type, $result, $reason, $user, $auth, $method, $ip, $agent, $session)
                """;
            string[] names = ["$at", "$type", "$result", "$reason", "$user", "$auth", "$method", "$ip", "$agent", "$session"];
            var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
            for (var i = 0; i < count; i++)
            {
                var failed = i % 7 == 0;
                p["$at"].Value = Start.AddSeconds(i);
                p["$type"].Value = Types[i % Types.Length];
                p["$result"].Value = failed ? AuditResults.Failure : AuditResults.Success;
                p["$reason"].Value = failed ? "invalid_credentials" : DBNull.Value;
                p["$user"].Value = $"user-{i % 5_000:D5}";
                p["$auth"].Value = i % 3 == 0 ? "basic" : $"dingtalk-{i % 5}";
                p["$method"].Value = i % 3 == 0 ? "password" : "web";
                p["$ip"].Value = $"10.0.{i % 4 / 2}.{i % 250}";
                p["$agent"].Value = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0";
                p["$session"].Value = failed ? DBNull.Value : i.ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
                insert.ExecuteNonQuery();
            }

            tx.Commit();
        }

        Execute(connection, string.Join(';', indexes));
        Execute(connection, "ANALYZE");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// What auditing adds to a sign-in: the record it queues (its only work inside the request; the login name of an
/// unknown account is hashed here too) and, off the request, the writer's batch that stores 200 of them.
/// </summary>
[MemoryDiagnoser]
public class AuditCostBenchmarks
{
    private TestApp app = null!;
    private AuditRecorder recorder = null!;
    private AuditQueue queue = null!;
    private AuditWriter writer = null!;
    private DefaultHttpContext http = null!;

    [GlobalSetup]
    public void Setup()
    {
        app = new TestApp(settings: Quiet.Settings);
        _ = app.BaseAddress;
        recorder = app.Services.GetRequiredService<AuditRecorder>();
        queue = app.Services.GetRequiredService<AuditQueue>();
        writer = app.Services.GetRequiredService<AuditWriter>();
        http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("10.1.2.3");
        http.Request.Headers.UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0";
    }

    [Benchmark(Description = "queue one failed sign-in of an unknown name (hash included)")]
    public Task QueueUnknownName()
    {
        var task = recorder.PasswordAttemptAsync(http, "basic", "nobody-by-this-name", reason: "invalid_credentials");
        if (queue.Count >= 1_000)
        {
            queue.Take(int.MaxValue);
        }

        return task;
    }

    [Benchmark(Description = "queue one sign-in record (in the request)")]
    public Task QueueOne()
    {
        var task = recorder.PasswordAttemptAsync(http, "basic", "person-00001", reason: null);
        if (queue.Count >= 1_000)
        {
            queue.Take(int.MaxValue);
        }

        return task;
    }

    [Benchmark(Description = "store 200 queued records (one batch, off the request)", OperationsPerInvoke = 200)]
    public async Task StoreBatch()
    {
        for (var i = 0; i < 200; i++)
        {
            recorder.ExternalAttempt(http, "dingtalk-1", "web", reason: null);
        }

        await writer.FlushAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        app.Dispose();
        app.Database.Dispose();
    }
}
