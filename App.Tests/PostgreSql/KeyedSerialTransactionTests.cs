using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BlazorAuth.Tests.PostgreSql;

/// <summary>
/// On PostgreSQL, a sign-up's transaction waits only for those about the same identity, mobile or email, and still for
/// every serialised one (an admin's edit, a link). Waiting is observed in <c>pg_locks</c>, never timed.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed class KeyedSerialTransactionTests : IDisposable
{
    private readonly TestDatabase database = new();
    private readonly List<IAsyncDisposable> opened = [];

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(opened))
        {
            item.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        database.Dispose();
    }

    [PostgreSqlFact]
    public async Task Sign_ups_of_different_people_run_side_by_side_and_two_about_one_mobile_take_turns()
    {
        var first = await BeginAsync(["identity:1:alice", "mobile:+8613800000001"]);
        var other = await BeginAsync(["identity:1:bob", "mobile:+8613800000002"]).WaitAsync(TimeSpan.FromSeconds(30));

        var sameMobile = BeginAsync(["identity:1:carol", "mobile:+8613800000001"]);
        await UntilSomeoneWaitsAsync();
        Assert.False(sameMobile.IsCompleted);

        await first.CommitAsync();
        await (await sameMobile.WaitAsync(TimeSpan.FromSeconds(30))).CommitAsync();
        await other.CommitAsync();
    }

    [PostgreSqlFact]
    public async Task A_serialised_transaction_waits_for_running_sign_ups_and_new_sign_ups_wait_for_it()
    {
        var signUp = await BeginAsync(["identity:1:dave"]);

        await using var admin = await OpenAsync();
        await using var adminTx = await admin.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        var exclusive = admin.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", PostgreSqlSerialTransactions.LockKey);
        await UntilSomeoneWaitsAsync();
        Assert.False(exclusive.IsCompleted);

        await signUp.CommitAsync();
        await exclusive.WaitAsync(TimeSpan.FromSeconds(30));
        var later = BeginAsync(["identity:1:erin"]);
        await UntilSomeoneWaitsAsync();
        Assert.False(later.IsCompleted);

        await adminTx.CommitAsync();
        await (await later.WaitAsync(TimeSpan.FromSeconds(30))).CommitAsync();
    }

    [Fact]
    public void A_key_locks_the_same_everywhere_and_different_keys_differ()
    {
        Assert.Equal(KeyedSerialTransactions.LockOf("mobile:+8613800000001"), KeyedSerialTransactions.LockOf("mobile:+8613800000001"));
        Assert.NotEqual(KeyedSerialTransactions.LockOf("mobile:+8613800000001"), KeyedSerialTransactions.LockOf("mobile:+8613800000002"));
        // Pinned: instances of different versions must agree on it.
        Assert.Equal(BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData("k"u8)), KeyedSerialTransactions.LockOf("k"));
    }

    private async Task<IDbContextTransaction> BeginAsync(string[] keys)
    {
        var db = await OpenAsync();
        var transaction = await db.Database.BeginSerialTransactionAsync(keys, CancellationToken.None);
        opened.Add(transaction);
        return transaction;
    }

    private async Task<PostgreSqlAppDbContext> OpenAsync()
    {
        var db = PostgreSqlModelTests.Context(database.ConnectionString);
        opened.Add(db);
        await db.Database.OpenConnectionAsync();
        return db;
    }

    /// <summary>Returns once this database has an advisory lock someone is waiting for.</summary>
    private async Task UntilSomeoneWaitsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()",
                connection);
            if ((long)(await command.ExecuteScalarAsync(timeout.Token))! > 0)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
