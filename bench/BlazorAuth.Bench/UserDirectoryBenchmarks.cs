using BenchmarkDotNet.Attributes;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Bench;

/// <summary>The Users page's queries against 100,000 users in a real SQLite file.</summary>
[MemoryDiagnoser]
public class UserDirectoryBenchmarks
{
    private TestApp app = null!;
    private AsyncServiceScope scope;
    private IUserDirectory directory = null!;
    private UserCursor afterDeep = null!;
    private UserCursor beforeDeep = null!;

    [Params(100_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        app = new TestApp(settings: Quiet.Settings);
        _ = app.BaseAddress;
        Seed(app.Database.Path, Users);
        scope = app.Services.CreateAsyncScope();
        directory = scope.ServiceProvider.GetRequiredService<IUserDirectory>();
        var deep = directory.ListAsync(new UserQuery(Page: 2_499, PageSize: 40)).GetAwaiter().GetResult();
        if (!UserCursor.TryDecode(deep.Next, out var next) || !UserCursor.TryDecode(deep.Previous, out var previous))
        {
            throw new InvalidOperationException("Page 2,499 handed out no cursors.");
        }

        (afterDeep, beforeDeep) = (next!, previous!);
    }

    [Benchmark(Description = "first page, no search")]
    public Task<UserPage> FirstPage() => directory.ListAsync(new UserQuery());

    [Benchmark(Description = "search a name prefix")]
    public Task<UserPage> NamePrefix() => directory.ListAsync(new UserQuery("Person 04"));

    [Benchmark(Description = "search an email")]
    public Task<UserPage> Email() => directory.ListAsync(new UserQuery("person042000@"));

    [Benchmark(Description = "search a phone in another format")]
    public Task<UserPage> Phone() => directory.ListAsync(new UserQuery("+86 139-0004-2000"));

    [Benchmark(Description = "page 2,500 of 40 rows")]
    public Task<UserPage> DeepPage() => directory.ListAsync(new UserQuery(Page: 2_500, PageSize: 40));

    [Benchmark(Description = "next after row 99,960, by cursor (the pager's next)")]
    public Task<UserPage> DeepNext() =>
        directory.ListAsync(new UserQuery(Page: 2_500, PageSize: 40, Cursor: afterDeep, Seek: UserSeek.After, CountTotal: false));

    [Benchmark(Description = "previous before row 99,920, by cursor (the pager's previous)")]
    public Task<UserPage> DeepPrevious() =>
        directory.ListAsync(new UserQuery(Page: 2_498, PageSize: 40, Cursor: beforeDeep, Seek: UserSeek.Before, CountTotal: false));

    [Benchmark(Description = "next after row 99,960 through the API's after= (counts the total too)")]
    public Task<UserPage> DeepNextCounted() =>
        directory.ListAsync(new UserQuery(Page: 2_500, PageSize: 40, Cursor: afterDeep, Seek: UserSeek.After));

    [GlobalCleanup]
    public void Cleanup()
    {
        scope.Dispose();
        app.Dispose();
        app.Database.Dispose();
    }

    /// <summary>Plain SQL in one transaction: 100,000 users in seconds, with the columns Identity and the app fill.</summary>
    private static void Seed(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumber, NormalizedPhoneNumber,
                PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, DisplayName, CreatedAt, MustChangePassword, SecurityStamp, ConcurrencyStamp)
            VALUES ($id, $user, $userN, $email, $emailN, 1, $phone, $phoneN, 1, 0, 1, 0, $name, $created, 0, $stamp, $stamp)
            """;
        string[] names = ["$id", "$user", "$userN", "$email", "$emailN", "$phone", "$phoneN", "$name", "$created", "$stamp"];
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var user = $"person{i:D6}";
            p["$id"].Value = Guid.NewGuid().ToString();
            p["$user"].Value = user;
            p["$userN"].Value = user.ToUpperInvariant();
            p["$email"].Value = $"{user}@corp.example";
            p["$emailN"].Value = $"{user}@corp.example".ToUpperInvariant();
            p["$phone"].Value = $"139{i:D8}";
            p["$phoneN"].Value = PhoneNumbers.Normalize($"139{i:D8}");
            p["$name"].Value = $"Person {i:D6}";
            p["$created"].Value = start.AddMinutes(i);
            p["$stamp"].Value = Guid.NewGuid().ToString("N");
            insert.ExecuteNonQuery();
        }

        tx.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }
}
