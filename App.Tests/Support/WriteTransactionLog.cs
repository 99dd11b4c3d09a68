using System.Collections.Concurrent;
using System.Data.Common;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Support;

/// <summary>
/// Counts the write transactions the database commits (SQLite or PostgreSQL), per request path: a committed transaction (SaveChanges' own or an
/// explicit one), a SaveChanges that wrote without one (EF skips it for a single statement), and a statement outside both.
/// </summary>
public sealed class WriteTransactionLog : ISaveChangesInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
{
    private readonly IHttpContextAccessor http = new HttpContextAccessor();
    private readonly ConcurrentDictionary<string, int> commits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DbContext, bool> committedInSave = new();

    public static Action<IServiceCollection> Install(WriteTransactionLog log) => services => services.AddDbInterceptor(log);

    /// <summary>Commits made while serving requests whose path ends with <paramref name="pathSuffix"/>.</summary>
    public int CommitsFor(string pathSuffix) => commits.Where(c => c.Key.EndsWith(pathSuffix, StringComparison.Ordinal)).Sum(c => c.Value);

    public void Clear() => commits.Clear();

    private void Count() => commits.AddOrUpdate(http.HttpContext?.Request.Path.Value ?? "(no request)", 1, (_, n) => n + 1);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        committedInSave[eventData.Context!] = false;
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavingChanges(eventData, result));

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (committedInSave.TryRemove(eventData.Context!, out var committed) && !committed && result > 0
            && eventData.Context!.Database.CurrentTransaction is null)
        {
            Count();
        }

        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public void SaveChangesFailed(DbContextErrorEventData eventData) => committedInSave.TryRemove(eventData.Context!, out _);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && committedInSave.ContainsKey(context))
        {
            committedInSave[context] = true;
        }

        Count();
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (command.Transaction is null && result > 0 && (eventData.Context is null || !committedInSave.ContainsKey(eventData.Context)))
        {
            Count();
        }

        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuted(command, eventData, result));
}
