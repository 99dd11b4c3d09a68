using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// On PostgreSQL, a transaction the app opens as <see cref="IsolationLevel.Serializable"/> (a read-check-write such as
/// "is this phone number free? then create the user") runs at READ COMMITTED after taking one cluster-wide advisory
/// lock, so such transactions run one at a time, as SQLite's writers do, and each statement sees every earlier commit.
/// True SERIALIZABLE would instead abort the loser of every race with SQLSTATE 40001, at a read or at commit, which
/// every caller would have to retry. Plain writes (a returning user's sign-in, the replay record, sessions) never take
/// the lock; the unique indexes arbitrate them.
/// A sign-up holds the lock shared instead, with locks of its own per person (<see cref="KeyedSerialTransactions"/>).
/// </summary>
public sealed class PostgreSqlSerialTransactions : DbTransactionInterceptor
{
    /// <summary>The advisory lock's key: any constant no other application on the server uses ("BlzAuth01" in ASCII).</summary>
    internal const long LockKey = 0x426C7A4175746831;

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
        eventData.IsolationLevel == IsolationLevel.Serializable
            ? InterceptionResult<DbTransaction>.SuppressWithResult(Serial(connection, connection.BeginTransaction(IsolationLevel.ReadCommitted)))
            : result;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.IsolationLevel != IsolationLevel.Serializable)
        {
            return result;
        }

        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            await using var command = LockCommand(connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }

        return InterceptionResult<DbTransaction>.SuppressWithResult(transaction);
    }

    private static DbTransaction Serial(DbConnection connection, DbTransaction transaction)
    {
        try
        {
            using var command = LockCommand(connection, transaction);
            command.ExecuteNonQuery();
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    // Released by the server at commit or rollback, also when the connection breaks.
    private static DbCommand LockCommand(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({LockKey})";
        return command;
    }
}
