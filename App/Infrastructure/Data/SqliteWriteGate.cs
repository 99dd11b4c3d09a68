using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// One writer at a time inside the process, in front of SQLite's own single writer lock. SQLite lets one connection
/// write and makes every other one poll in its busy handler (sleeps of 1–100 ms); queueing the writers here instead
/// hands the lock over the moment it is free, so concurrent sign-ins wait microseconds, not a sleep step, and SQLite
/// never sees a busy writer from this process (https://sqlite.org/wal.html#concurrency). A write is a SaveChanges, an
/// explicit transaction (SQLite's are <c>BEGIN IMMEDIATE</c>, so they take the lock at once) or a statement executed
/// outside both (ExecuteUpdate, ExecuteDelete, raw SQL); reads never wait here, as WAL readers never wait for a writer.
/// A gate that cannot be had within <see cref="SqliteConnectionSettings.Timeout"/> is skipped, so a code path that
/// writes through a second context while its first holds a transaction fails the way it would without the gate
/// (SQLITE_BUSY after the busy timeout) instead of hanging.
/// </summary>
public sealed class SqliteWriteGate(IMeterFactory meters, ILogger<SqliteWriteGate> logger)
    : ISaveChangesInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    public const string WaitsInstrument = "blazorauth.sqlite.write_gate.waits";

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, Lease> leases = [];
    private readonly Counter<long> skipped = meters.Create("BlazorAuth").CreateCounter<long>(
        "blazorauth.sqlite.write_gate.timeouts", description: "Writes that went to SQLite without the in-process write gate, because it was held too long.");

    // How contended the one writer is: a steady rate under normal load is the sign that this instance wants PostgreSQL.
    private readonly Counter<long> queued = meters.Create("BlazorAuth").CreateCounter<long>(
        WaitsInstrument, description: "Writes that found the in-process write gate taken and waited for another write to finish.");

    private enum Kind
    {
        SaveChanges,
        Transaction,
        Statement,
        Checkpoint,
    }

    private sealed record Lease(Kind Kind);

    /// <summary>No write holds the gate now; for tests.</summary>
    internal bool IsFree => gate.CurrentCount == 1;

    // SaveChanges: its own transaction (or single statement) is covered from the first command to the commit.
    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.Context, Kind.SaveChanges, cancellationToken);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enter(eventData.Context, Kind.SaveChanges);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context, Kind.SaveChanges);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Leave(eventData.Context, Kind.SaveChanges);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) => Left(eventData.Context, Kind.SaveChanges);

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Leave(eventData.Context, Kind.SaveChanges);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) => Left(eventData.Context, Kind.SaveChanges);

    public void SaveChangesCanceled(DbContextEventData eventData) => Leave(eventData.Context, Kind.SaveChanges);

    // An explicit transaction: from BEGIN to its commit or rollback, or to the connection's close when it was disposed
    // without either (EF raises no event for that).
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.Context, Kind.Transaction, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(eventData.Context, Kind.Transaction);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData.Context, Kind.Transaction);

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context, Kind.Transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData.Context, Kind.Transaction);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.Context, Kind.Transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Left(eventData.Context, Kind.Transaction);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.Context, Kind.Transaction);

    // A statement outside any transaction writes in SQLite's autocommit mode; reads go through the reader and scalar paths.
    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction is null)
        {
            await EnterAsync(eventData.Context, Kind.Statement, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (command.Transaction is null)
        {
            Enter(eventData.Context, Kind.Statement);
        }

        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context, Kind.Statement);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Leave(eventData.Context, Kind.Statement);
        return result;
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) => Left(eventData.Context, Kind.Statement);

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Leave(eventData.Context, Kind.Statement);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default) => Left(eventData.Context, Kind.Statement);

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Leave(eventData.Context, Kind.Statement);

    // Whatever a context still holds ends with its connection: nothing can write on a closed connection.
    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => Left(eventData.Context, kind: null);

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(eventData.Context, kind: null);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData) => Left(eventData.Context, kind: null);

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Leave(eventData.Context, kind: null);

    /// <summary>
    /// Runs <paramref name="work"/> with no write of this process beside it: queued like a write, but not counted as
    /// one that waited (it is no request). Like a write, it goes ahead without the gate after the timeout.
    /// </summary>
    internal async Task<T> AloneAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var held = gate.Wait(0) || await gate.WaitAsync(SqliteConnectionSettings.Timeout, cancellationToken);
        if (!held)
        {
            TimedOut(Kind.Checkpoint);
        }

        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            if (held)
            {
                gate.Release();
            }
        }
    }

    private async ValueTask EnterAsync(DbContext? context, Kind kind, CancellationToken cancellationToken)
    {
        if (context is null || leases.TryGetValue(context, out _))
        {
            return;
        }

        if (gate.Wait(0) || await QueuedAsync(cancellationToken))
        {
            leases.AddOrUpdate(context, new Lease(kind));
        }
        else
        {
            TimedOut(kind);
        }
    }

    private void Enter(DbContext? context, Kind kind)
    {
        if (context is null || leases.TryGetValue(context, out _))
        {
            return;
        }

        if (gate.Wait(0) || Queued())
        {
            leases.AddOrUpdate(context, new Lease(kind));
        }
        else
        {
            TimedOut(kind);
        }
    }

    private Task<bool> QueuedAsync(CancellationToken cancellationToken)
    {
        queued.Add(1);
        return gate.WaitAsync(SqliteConnectionSettings.Timeout, cancellationToken);
    }

    private bool Queued()
    {
        queued.Add(1);
        return gate.Wait(SqliteConnectionSettings.Timeout);
    }

    private Task Left(DbContext? context, Kind? kind)
    {
        Leave(context, kind);
        return Task.CompletedTask;
    }

    /// <summary>Releases the gate if this context took it for <paramref name="kind"/> (any kind when null); nested writes leave it alone.</summary>
    private void Leave(DbContext? context, Kind? kind)
    {
        if (context is not null && leases.TryGetValue(context, out var lease) && (kind is null || lease.Kind == kind) && leases.Remove(context))
        {
            gate.Release();
        }
    }

    private void TimedOut(Kind kind)
    {
        skipped.Add(1);
        logger.LogWarning("A SQLite write ({Kind}) waited {Timeout} for the in-process write gate and goes ahead without it.", kind, SqliteConnectionSettings.Timeout);
    }
}
