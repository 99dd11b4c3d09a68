using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// How many rows each committed transaction inserted into one table (only the rows <paramref name="counts"/> accepts,
/// by their parameters): the witness of writes that are batched into one transaction.
/// </summary>
public sealed class InsertsPerCommit(string table, Func<DbParameterCollection, bool>? counts = null) : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentQueue<int> committed = new();
    private readonly ConcurrentDictionary<DbTransaction, int> adding = new();

    public int[] RowsPerCommit => [.. committed];

    public void Install(IServiceCollection services) => services.AddDbInterceptor(this);

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction is { } tx && command.CommandText.Contains("INSERT INTO", StringComparison.Ordinal)
            && command.CommandText.Contains(table, StringComparison.Ordinal) && (counts is null || counts(command.Parameters)))
        {
            adding.AddOrUpdate(tx, result, (_, n) => n + result);
        }

        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (adding.TryRemove(transaction, out var rows))
        {
            committed.Enqueue(rows);
        }

        return Task.CompletedTask;
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        adding.TryRemove(transaction, out _);
        return Task.CompletedTask;
    }
}
