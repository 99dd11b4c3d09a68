using System.Diagnostics.Metrics;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BlazorAuth.Tests.Foundation;

/// <summary>
/// The app's writers queue in front of SQLite's single writer lock instead of polling in its busy handler, and a write
/// that ends any way at all (commit, rollback, a transaction dropped unfinished) lets the next one in.
/// </summary>
public sealed class SqliteWriteGateTests(QuietSqliteApp quiet) : IClassFixture<QuietSqliteApp>
{
    private TestApp App => quiet.App;

    /// <summary>
    /// The gate is the app's, shared with whatever else of it writes (the audit queue), so being free is waited for:
    /// a write of the app's lets go within moments, a lease a test's write leaked never does.
    /// </summary>
    private static Task BecomesFreeAsync(SqliteWriteGate gate) =>
        Eventually.HoldsAsync(() => gate.IsFree, "The write gate stayed taken: a write kept its lease.", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task Concurrent_writers_of_every_kind_queue_in_the_app_instead_of_in_SQLites_busy_handler()
    {
        var settings = App.Services.GetRequiredService<SqliteConnectionSettings>();
        var contexts = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var prefix = Guid.NewGuid().ToString("N")[..8];
        // A connection opening while another initialises the shared WAL index may wait once; that is the pool growing,
        // not writers queueing, so the pool is grown first, as it is in a running app: past the 16 writers, with room for
        // the app's own background readers (16 alone once left the pool one short under a loaded CI run).
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await Task.Delay(50);
            await db.Set<ConsumedState>().AnyAsync();
        })));
        await BecomesFreeAsync(App.Services.GetRequiredService<SqliteWriteGate>());
        var before = settings.BusyWaits;
        quiet.Witness.Settings = settings;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await using var db = await contexts.CreateDbContextAsync();
                var key = $"{prefix}-{writer}-{i}";
                switch (i % 3)
                {
                    case 0:
                        db.Set<ConsumedState>().Add(new ConsumedState { Key = key, ExpiresAt = DateTime.UtcNow.AddHours(1) });
                        await db.SaveChangesAsync();
                        break;
                    case 1:
                        await using (var tx = await db.Database.BeginTransactionAsync())
                        {
                            db.Set<ConsumedState>().Add(new ConsumedState { Key = key, ExpiresAt = DateTime.UtcNow.AddHours(1) });
                            await db.SaveChangesAsync();
                            await tx.CommitAsync();
                        }

                        break;
                    default:
                        await db.Database.ExecuteSqlAsync($"INSERT INTO ConsumedStates (Key, ExpiresAt) VALUES ({key}, {DateTime.UtcNow.AddHours(1)})");
                        break;
                }
            }
        })));

        Assert.True(settings.BusyWaits == before,
            $"{settings.BusyWaits - before} busy wait(s), during: {quiet.Witness.Describe()}");
        Assert.Equal(160, await App.WithDbAsync(db => db.Set<ConsumedState>().CountAsync(s => s.Key.StartsWith(prefix))));
        await BecomesFreeAsync(App.Services.GetRequiredService<SqliteWriteGate>());
    }

    [Fact]
    public async Task A_writer_that_finds_the_gate_taken_waits_for_it_and_is_counted()
    {
        // An app of its own: no other test's writes beside this one, and its clean-ups run only a minute after start.
        using var app = new TestApp();
        try
        {
            var contexts = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            using var waits = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), "BlazorAuth", SqliteWriteGate.WaitsInstrument);
            var (first, second) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));

            Task waiting;
            await using (var holder = await contexts.CreateDbContextAsync())
            {
                await using var tx = await holder.Database.BeginTransactionAsync();
                holder.Set<ConsumedState>().Add(new ConsumedState { Key = first, ExpiresAt = DateTime.UtcNow.AddHours(1) });
                await holder.SaveChangesAsync();
                Assert.Empty(waits.GetMeasurementSnapshot());

                waiting = Task.Run(async () =>
                {
                    await using var db = await contexts.CreateDbContextAsync();
                    db.Set<ConsumedState>().Add(new ConsumedState { Key = second, ExpiresAt = DateTime.UtcNow.AddHours(1) });
                    await db.SaveChangesAsync();
                });
                await Eventually.HoldsAsync(() => waits.GetMeasurementSnapshot().Count > 0, "The second writer was counted as waiting.");
                Assert.False(waiting.IsCompleted, "The second writer finished while the first held the gate.");
                await tx.CommitAsync();
            }

            await waiting;
            Assert.Equal(1, waits.GetMeasurementSnapshot().Sum(m => m.Value));
            Assert.Equal(2, await app.WithDbAsync(db => db.Set<ConsumedState>().CountAsync(s => s.Key == first || s.Key == second)));
        }
        finally
        {
            app.Database.Dispose();
        }
    }

    [Fact]
    public async Task A_transaction_dropped_without_commit_or_rollback_lets_the_next_writer_in()
    {
        var gate = App.Services.GetRequiredService<SqliteWriteGate>();
        var contexts = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var key = Guid.NewGuid().ToString("N");

        await using (var db = await contexts.CreateDbContextAsync())
        {
            var tx = await db.Database.BeginTransactionAsync();
            db.Set<ConsumedState>().Add(new ConsumedState { Key = key, ExpiresAt = DateTime.UtcNow.AddHours(1) });
            await db.SaveChangesAsync();
            Assert.False(gate.IsFree);
            await tx.DisposeAsync();
        }

        await BecomesFreeAsync(gate);
        Assert.False(await App.WithDbAsync(db => db.Set<ConsumedState>().AnyAsync(s => s.Key == key)));
    }

    [Fact]
    public async Task A_failed_write_lets_the_next_writer_in()
    {
        var gate = App.Services.GetRequiredService<SqliteWriteGate>();
        var contexts = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var key = Guid.NewGuid().ToString("N");
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Set<ConsumedState>().Add(new ConsumedState { Key = key, ExpiresAt = DateTime.UtcNow.AddHours(1) });
            await db.SaveChangesAsync();
        }

        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Set<ConsumedState>().Add(new ConsumedState { Key = key, ExpiresAt = DateTime.UtcNow.AddHours(1) });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await BecomesFreeAsync(gate);
    }

    [Fact]
    public async Task A_sign_in_whose_binding_vanished_before_its_write_is_refused_and_its_state_still_recorded()
    {
        var contexts = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var key = Guid.NewGuid().ToString("N");
        var pending = new PendingWrites();
        pending.Add(new UsedStateWrite(key, DateTime.UtcNow.AddMinutes(10)));
        pending.Add(new BindingRefresh(int.MaxValue, [KeyValuePair.Create<string, object?>(nameof(UserBinding.LastSignInAt), DateTime.UtcNow)]));

        var meaning = await pending.FlushAsync(contexts, CancellationToken.None);

        Assert.Equal(SignInErrors.AccountUnavailable, Assert.IsType<ExternalSignInRefusal>(meaning).Code);
        Assert.True(pending.IsEmpty);
        Assert.True(await App.WithDbAsync(db => db.Set<ConsumedState>().AnyAsync(s => s.Key == key)));
        await BecomesFreeAsync(App.Services.GetRequiredService<SqliteWriteGate>());
    }

    [Fact]
    public async Task A_state_recorded_by_a_concurrent_callback_is_a_replay_at_the_write()
    {
        var contexts = App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var key = Guid.NewGuid().ToString("N");
        var first = new PendingWrites();
        first.Add(new UsedStateWrite(key, DateTime.UtcNow.AddMinutes(10)));
        Assert.Null(await first.FlushAsync(contexts, CancellationToken.None));
        var second = new PendingWrites();
        second.Add(new UsedStateWrite(key, DateTime.UtcNow.AddMinutes(10)));

        var meaning = await second.FlushAsync(contexts, CancellationToken.None);

        Assert.Equal(SignInErrors.StateReplayed, Assert.IsType<ExternalSignInRefusal>(meaning).Code);
        await BecomesFreeAsync(App.Services.GetRequiredService<SqliteWriteGate>());
    }
}

/// <summary>
/// The app without its timers that read or clean up on their own (the authenticator snapshot's reload, the key-ring
/// check at start, the purges), so that the busy waits the gate tests count are only their own writers'. README's
/// rule is about writers; a reader may rarely wait once for a writer's WAL-index update.
/// </summary>
public sealed class QuietSqliteApp : IDisposable
{
    private static readonly Type[] Timers =
    [
        typeof(BlazorAuth.Features.Authenticators.AuthenticatorSnapshotRefresher),
        typeof(BlazorAuth.Infrastructure.Security.KeyRingLegacyCheck),
        typeof(ConsumedStatePurge),
        typeof(BlazorAuth.Features.Sessions.SessionPurge),
        typeof(BlazorAuth.Features.Audit.AuditRetention),
    ];

    public QuietSqliteApp() =>
        App = new(services: services =>
        {
            foreach (var timer in Timers)
            {
                services.RemoveHostedService(timer);
            }

            services.AddDbInterceptor(Witness);
        });

    public TestApp App { get; }

    public BusyWitness Witness { get; } = new();

    public void Dispose()
    {
        App.Dispose();
        App.Database.Dispose();
    }
}

/// <summary>
/// The app's statements and transaction starts during which the busy-wait count rose, for a failure message: writers are
/// one at a time, so the list is the waiter and whatever overlapped it.
/// </summary>
public sealed class BusyWitness : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> seen = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, StrongBox<long>> started = [];

    public SqliteConnectionSettings? Settings { get; set; }

    public string Describe() => seen.IsEmpty ? "none seen (a connection's open?)" : string.Join(" | ", seen.Take(10));

    public ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(System.Data.Common.DbCommand command, CommandEventData eventData,
        InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default) => Start(command, result);

    public ValueTask<System.Data.Common.DbDataReader> ReaderExecutedAsync(System.Data.Common.DbCommand command, CommandExecutedEventData eventData,
        System.Data.Common.DbDataReader result, CancellationToken cancellationToken = default) => End(command, command.CommandText, result);

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(System.Data.Common.DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) => Start(command, result);

    public ValueTask<int> NonQueryExecutedAsync(System.Data.Common.DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default) => End(command, command.CommandText, result);

    public ValueTask<InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(System.Data.Common.DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result, CancellationToken cancellationToken = default) =>
        Start(connection, result);

    public ValueTask<System.Data.Common.DbTransaction> TransactionStartedAsync(System.Data.Common.DbConnection connection, TransactionEndEventData eventData,
        System.Data.Common.DbTransaction result, CancellationToken cancellationToken = default) => End(connection, "BEGIN", result);

    private ValueTask<T> Start<T>(object key, T result)
    {
        started.AddOrUpdate(key, new StrongBox<long>(Settings?.BusyWaits ?? 0));
        return ValueTask.FromResult(result);
    }

    private ValueTask<T> End<T>(object key, string sql, T result)
    {
        if (Settings is { } settings && started.TryGetValue(key, out var before) && settings.BusyWaits > before.Value)
        {
            seen.Enqueue($"{sql.ReplaceLineEndings(" ")[..Math.Min(80, sql.Length)]} (+{settings.BusyWaits - before.Value})");
        }

        return ValueTask.FromResult(result);
    }
}
