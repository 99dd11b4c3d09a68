using System.Data;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorAuth.Infrastructure.Data;

public static class KeyedSerialTransactions
{
    /// <summary>Namespace of the keyed advisory locks (the two-int form, apart from the bigint global lock): "BlzA".</summary>
    internal const int KeyNamespace = 0x426C7A41;

    /// <summary>
    /// A read-check-write that can only race with another naming one of the same <paramref name="keys"/> (a DingTalk
    /// identity, a mobile number, an email). On PostgreSQL it runs at READ COMMITTED holding the global serial lock of
    /// <see cref="PostgreSqlSerialTransactions"/> shared, so it still waits for, and excludes, every serialised
    /// transaction (an admin's edit, a link), and an exclusive advisory lock per key, so only transactions about the
    /// same person wait for each other: a first-day rush of sign-ups no longer runs one at a time across the cluster.
    /// Locks are taken in one order, so two such transactions cannot deadlock each other; two keys whose hashes
    /// collide only wait for each other. Elsewhere it is the serialisable transaction it always was.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginSerialTransactionAsync(this DatabaseFacade database, IEnumerable<string> keys, CancellationToken ct)
    {
        if (!database.IsNpgsql())
        {
            return await database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        }

        var sorted = keys.Select(LockOf).Distinct().Order().ToList();
        var transaction = await database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        try
        {
            // Statements of one command run in order: the shared global lock first, then each key's.
            var sql = "SELECT pg_advisory_xact_lock_shared({0});"
                + string.Concat(sorted.Select((_, i) => $" SELECT pg_advisory_xact_lock({{1}}, {{{i + 2}}});"));
            object[] arguments = [PostgreSqlSerialTransactions.LockKey, KeyNamespace, .. sorted.Cast<object>()];
            await database.ExecuteSqlRawAsync(sql, arguments, ct);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>The key's lock: the same on every instance and version (not <c>string.GetHashCode</c>, which is per process).</summary>
    internal static int LockOf(string key) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
