using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// Plain INSERT and UPDATE statements for rows whose every value is known, in one transaction, without change tracking.
/// SaveChanges builds its commands afresh each time (tracking, detecting changes, ordering, generating SQL): for the
/// sign-in's session commit that was about an eighth of a sign-in's CPU (docs/benchmarks.md, 2026-12-02). The SQL comes
/// from the model, quoted by the provider's own helper, and each parameter is made by the property's own type mapping
/// (its value converter included), so the statements are what SaveChanges would send, on every provider. They run
/// through EF (<c>ExecuteSqlRaw</c>) in an EF transaction, so interceptors, logging and the write gate see them as usual.
/// </summary>
public sealed class RowWriter : IAsyncDisposable
{
    // Per model, and weakly: a model built for a test or a tool must not live as long as the process.
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, Insert>> Inserts = [];

    private readonly AppDbContext db;
    private readonly ISqlGenerationHelper sql;
    private readonly DbCommand parameters;

    private RowWriter(AppDbContext db)
    {
        this.db = db;
        sql = db.GetService<ISqlGenerationHelper>();
        // Only a factory for the provider's parameter type: it never runs.
        parameters = db.Database.GetDbConnection().CreateCommand();
    }

    private sealed record Insert(string Sql, IProperty[] Columns);

    /// <summary>
    /// Runs <paramref name="rows"/> in one transaction of a context of its own, and commits. Anything that fails rolls it
    /// all back; what the database refused arrives as a <see cref="DbUpdateException"/>, as it would from SaveChanges.
    /// </summary>
    public static async Task InTransactionAsync(IDbContextFactory<AppDbContext> contexts, Func<RowWriter, Task> rows, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var writer = new RowWriter(db);
        try
        {
            await rows(writer);
            await tx.CommitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            await RollBackAsync(tx);
            if (e is DbException)
            {
                throw new DbUpdateException($"The database refused a row: {e.Message}", e);
            }

            throw;
        }
    }

    // The write gate is released by the rollback's event; a connection that broke has nothing left to roll back.
    private static async Task RollBackAsync(IDbContextTransaction tx)
    {
        try
        {
            await tx.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// Inserts <paramref name="row"/> with every mapped column but a key the database numbers (identity, autoincrement),
    /// which is left to it and not read back. Entity types with any other generated value are refused.
    /// </summary>
    public async Task InsertAsync<T>(T row, CancellationToken cancellationToken)
        where T : class
    {
        var model = db.Model;
        var insert = Inserts.GetValue(model, static _ => new()).GetOrAdd(typeof(T), static (type, state) => InsertOf(state.model, type, state.sql), (model, sql));
        var values = new object[insert.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var column = insert.Columns[i];
            values[i] = Parameter(column, i, column.GetGetter().GetClrValueUsingContainingEntity(row));
        }

        await db.Database.ExecuteSqlRawAsync(insert.Sql, values, cancellationToken);
    }

    /// <summary>Sets <paramref name="changes"/> (property name, value) on the row of <typeparamref name="T"/> with this key; answers the rows changed.</summary>
    public Task<int> UpdateAsync<T>(object key, IReadOnlyList<KeyValuePair<string, object?>> changes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfZero(changes.Count);
        var (entity, table) = Table(db.Model, typeof(T));
        var keyProperty = entity.FindPrimaryKey() is { Properties: [var single] } ? single
            : throw new InvalidOperationException($"{typeof(T).Name} needs a single-column key to be updated by key.");
        var text = new StringBuilder("UPDATE ").Append(Delimited(sql, table)).Append(" SET ");
        var values = new object[changes.Count + 1];
        for (var i = 0; i < changes.Count; i++)
        {
            var property = entity.GetProperty(changes[i].Key);
            values[i] = Parameter(property, i, changes[i].Value);
            text.Append(i == 0 ? "" : ", ").Append(sql.DelimitIdentifier(property.GetColumnName(table)!)).Append(" = ").Append(Placeholder(sql, i));
        }

        values[changes.Count] = Parameter(keyProperty, changes.Count, key);
        text.Append(" WHERE ").Append(sql.DelimitIdentifier(keyProperty.GetColumnName(table)!)).Append(" = ").Append(Placeholder(sql, changes.Count));
        return db.Database.ExecuteSqlRawAsync(text.ToString(), values, cancellationToken);
    }

    /// <summary>The INSERT statement for <paramref name="type"/>, for tests of each provider's SQL.</summary>
    internal static string InsertSql(DbContext db, Type type) => InsertOf(db.Model, type, db.GetService<ISqlGenerationHelper>()).Sql;

    private DbParameter Parameter(IProperty property, int index, object? value) =>
        property.GetRelationalTypeMapping().CreateParameter(parameters, sql.GenerateParameterName("p" + index), value, property.IsNullable);

    private static Insert InsertOf(IModel model, Type type, ISqlGenerationHelper sql)
    {
        var (entity, table) = Table(model, type);
        var columns = entity.GetProperties().Where(p => !IsNumberedKey(p)).ToArray();
        if (columns.FirstOrDefault(p => p.ValueGenerated != ValueGenerated.Never) is { } generated)
        {
            throw new InvalidOperationException($"{type.Name}.{generated.Name} is generated when the row is saved; insert {type.Name} with SaveChanges.");
        }

        var text = new StringBuilder("INSERT INTO ").Append(Delimited(sql, table)).Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))
            .Append(") VALUES (")
            .AppendJoin(", ", columns.Select((_, i) => Placeholder(sql, i)))
            .Append(')');
        return new Insert(text.ToString(), columns);
    }

    private static bool IsNumberedKey(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey()
        && Type.GetTypeCode(property.ClrType) is TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64;

    private static (IEntityType Entity, StoreObjectIdentifier Table) Table(IModel model, Type type)
    {
        var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var table = StoreObjectIdentifier.Create(entity, StoreObjectType.Table)
            ?? throw new InvalidOperationException($"{type.Name} is not mapped to a table.");
        return (entity, table);
    }

    private static string Delimited(ISqlGenerationHelper sql, StoreObjectIdentifier table) => sql.DelimitIdentifier(table.Name, table.Schema);

    private static string Placeholder(ISqlGenerationHelper sql, int index) => sql.GenerateParameterNamePlaceholder("p" + index);

    public ValueTask DisposeAsync() => parameters.DisposeAsync();
}
