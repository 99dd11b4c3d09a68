using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// How every SQLite connection waits for another writer. Without a busy handler SQLite answers SQLITE_BUSY at once and
/// Microsoft.Data.Sqlite sleeps 150 ms before it tries again, which is what made a sign-in's p90 jump to ~160 ms under
/// load. This handler waits the way SQLite's own busy timeout does (1 ms, 2 ms, 5 ms … 100 ms steps, at most
/// <see cref="Timeout"/>), and also counts every wait as <c>blazorauth.sqlite.busy_waits</c>, which
/// <c>sqlite3_busy_timeout</c> cannot: a busy wait is a request queued behind another writer, so the count is how a
/// benchmark proves the write path does not serialise requests (https://sqlite.org/c3ref/busy_handler.html).
/// It also takes WAL checkpoints off the committing request: SQLite's automatic checkpoint runs inside the commit that
/// crosses its threshold, so one sign-in in a few dozen copied megabytes into the database file before it could answer.
/// The connection's WAL hook replaces it (https://sqlite.org/c3ref/wal_hook.html) and only tells
/// <see cref="SqliteCheckpointer"/> that a checkpoint is due.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public const string BusyWaitsInstrument = "blazorauth.sqlite.busy_waits";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly int[] Delays = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

    // Native code keeps a pointer to this delegate for as long as any connection lives, so it must never be collected.
    private static readonly BusyHandler Handler = OnBusy;
    private static readonly WalHook Hook = OnCommitted;

    private readonly Counter<long> busyWaits;
    private readonly int checkpointPages;

    // Weak and never freed: a pooled connection can outlive the app that opened it, and must then find no target
    // rather than a freed handle.
    private readonly GCHandle self;
    private long total;

    public SqliteConnectionSettings(IMeterFactory meters, IOptions<DatabaseOptions> options)
    {
        checkpointPages = options.Value.Sqlite.CheckpointPages;
        if (checkpointPages < 1)
        {
            throw new InvalidOperationException($"Database:Sqlite:CheckpointPages must be at least 1 (it is {checkpointPages}).");
        }

        busyWaits = meters.Create("BlazorAuth").CreateCounter<long>(BusyWaitsInstrument, description: "SQLite statements that had to wait for another connection's lock.");
        self = GCHandle.Alloc(this, GCHandleType.Weak);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr state, int attempt);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int WalHook(IntPtr state, IntPtr db, IntPtr schema, int pages);

    /// <summary>Busy waits since this app started, for tests and benchmarks.</summary>
    public long BusyWaits => Interlocked.Read(ref total);

    /// <summary>Released when a commit left at least the threshold's pages in the log; <see cref="SqliteCheckpointer"/> waits on it.</summary>
    internal SemaphoreSlim CheckpointDue { get; } = new(0, 1);

    // EF's own SQLite connection carries eleven functions (regexp, and ef_add, ef_mod … for decimal arithmetic) that
    // Microsoft.Data.Sqlite registers with SQLite again on every Open and Close, a pooled connection's too: about 3 % of
    // a sign-in's CPU. This model has no decimal column and no query uses Regex (MigrationsTests checks the former), so
    // its connections are created plain.
    public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        result.HasResult || eventData.ConnectionString is null
            ? result
            : InterceptionResult<DbConnection>.SuppressWithResult(new SqliteConnection(eventData.ConnectionString));

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    public void Configure(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            var rc = sqlite3_busy_handler(handle.DangerousGetHandle(), Handler, GCHandle.ToIntPtr(self));
            if (rc != 0)
            {
                throw new InvalidOperationException($"SQLite refused the busy handler (error {rc}).");
            }

            sqlite3_wal_hook(handle.DangerousGetHandle(), Hook, GCHandle.ToIntPtr(self));
        }
    }

    // Runs in the committing thread right after its commit, with the write lock already released: only a signal here.
    private static int OnCommitted(IntPtr state, IntPtr db, IntPtr schema, int pages)
    {
        if (GCHandle.FromIntPtr(state).Target is SqliteConnectionSettings settings && pages >= settings.checkpointPages
            && settings.CheckpointDue.CurrentCount == 0)
        {
            try
            {
                settings.CheckpointDue.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled first: one checkpoint is due either way.
            }
        }

        return 0;
    }

    private static int OnBusy(IntPtr state, int attempt)
    {
        if (attempt == 0 && GCHandle.FromIntPtr(state).Target is SqliteConnectionSettings settings)
        {
            Interlocked.Increment(ref settings.total);
            settings.busyWaits.Add(1);
        }

        var waited = 0;
        for (var i = 0; i < attempt; i++)
        {
            waited += Delays[Math.Min(i, Delays.Length - 1)];
        }

        if (waited >= Timeout.TotalMilliseconds)
        {
            return 0;
        }

        Thread.Sleep(Delays[Math.Min(attempt, Delays.Length - 1)]);
        return 1;
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr state);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr sqlite3_wal_hook(IntPtr db, WalHook hook, IntPtr state);
}
