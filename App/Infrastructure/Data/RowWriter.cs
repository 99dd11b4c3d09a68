using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// Plain INSERT and UPDATE statements for rows whose every value is known, in one transaction, without change tracking.
/// SaveChanges builds its commands afresh each time (tracking, detecting changes, ordering, generating SQL): for the
/// sign-in's session commit that was about an eighth of a sign-in's CPU (docs/benchmarks.md, 2026-12-02). The SQL comes
/// from the model, quoted by the provider's own helper, and each parameter is made by the property's own type mapping
/// (its value converter included), so the statements are what SaveChanges would send, on every provider. Each statement
/// is one EF relational command, built once per model and run with each row's values in an EF transaction, so
/// interceptors, logging and the write gate see it as usual (ExecuteSqlRaw rebuilt the command and copied its SQL twice
/// on every call).
/// </summary>
public sealed class RowWriter
{
    // Per model, and weakly: a model built for a test or a tool must not live as long as the process.
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, Statement>> Inserts = [];
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<(Type, string), Statement>> Updates = [];

    private readonly AppDbContext db;
    private readonly ISqlGenerationHelper sql;
    private readonly IRelationalCommandBuilderFactory commands;
    private readonly IRelationalConnection connection;
    private readonly IRelationalCommandDiagnosticsLogger logger;

    private RowWriter(AppDbContext db)
    {
        this.db = db;
        sql = db.GetService<ISqlGenerationHelper>();
        commands = db.GetService<IRelationalCommandBuilderFactory>();
        connection = db.GetService<IRelationalConnection>();
        logger = db.GetService<IRelationalCommandDiagnosticsLogger>();
    }

    /// <summary>A statement and the properties its parameters p0, p1 … are made by, in order.</summary>
    private sealed record Statement(IRelationalCommand Command, IProperty[] Columns);

    /// <summary>
    /// Runs <paramref name="rows"/> in one transaction of a context of its own, and commits. Anything that fails rolls it
    /// all back; what the database refused arrives as a <see cref="DbUpdateException"/>, as it would from SaveChanges.
    /// </summary>
    public static async Task InTransactionAsync(IDbContextFactory<AppDbContext> contexts, Func<RowWriter, Task> rows, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var writer = new RowWriter(db);
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
    public Task InsertAsync<T>(T row, CancellationToken cancellationToken)
        where T : class
    {
        var insert = Inserts.GetValue(db.Model, static _ => new())
            .GetOrAdd(typeof(T), static (type, writer) => writer.Build(InsertOf(writer.db.Model, type, writer.sql)), this);
        var values = new object?[insert.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = insert.Columns[i].GetGetter().GetClrValueUsingContainingEntity(row);
        }

        return RunAsync(insert, values, cancellationToken);
    }

    /// <summary>Sets <paramref name="changes"/> (property name, value) on the row of <typeparamref name="T"/> with this key; answers the rows changed.</summary>
    public Task<int> UpdateAsync<T>(object key, IReadOnlyList<KeyValuePair<string, object?>> changes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfZero(changes.Count);
        var names = string.Join(",", changes.Select(c => c.Key));
        var update = Updates.GetValue(db.Model, static _ => new())
            .GetOrAdd((typeof(T), names), static (statement, state) => state.Writer.Build(
                UpdateOf(state.Writer.db.Model, statement.Item1, [.. state.Changes.Select(c => c.Key)], state.Writer.sql)), (Writer: this, Changes: changes));
        var values = new object?[changes.Count + 1];
        for (var i = 0; i < changes.Count; i++)
        {
            values[i] = changes[i].Value;
        }

        values[changes.Count] = key;
        return RunAsync(update, values, cancellationToken);
    }

    /// <summary>The INSERT statement for <paramref name="type"/>, for tests of each provider's SQL.</summary>
    internal static string InsertSql(DbContext db, Type type) => InsertOf(db.Model, type, db.GetService<ISqlGenerationHelper>()).Sql;

    private Task<int> RunAsync(Statement statement, object?[] values, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            parameters[statement.Command.Parameters[i].InvariantName] = values[i];
        }

        return statement.Command.ExecuteNonQueryAsync(new RelationalCommandParameterObject(connection, parameters, null, db, logger, CommandSource.ExecuteSqlRaw), cancellationToken);
    }

    // Each parameter is made, at every run, by its property's own type mapping: its value converter included.
    private Statement Build((string Sql, IProperty[] Columns) statement)
    {
        var builder = commands.Create().Append(statement.Sql);
        for (var i = 0; i < statement.Columns.Length; i++)
        {
            var column = statement.Columns[i];
            builder.AddParameter("p" + i, sql.GenerateParameterName("p" + i), column.GetRelationalTypeMapping(), column.IsNullable);
        }

        return new Statement(builder.Build(), statement.Columns);
    }

    private static (string Sql, IProperty[] Columns) InsertOf(IModel model, Type type, ISqlGenerationHelper sql)
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
        return (text.ToString(), columns);
    }

    private static (string Sql, IProperty[] Columns) UpdateOf(IModel model, Type type, string[] names, ISqlGenerationHelper sql)
    {
        var (entity, table) = Table(model, type);
        var keyProperty = entity.FindPrimaryKey() is { Properties: [var single] } ? single
            : throw new InvalidOperationException($"{type.Name} needs a single-column key to be updated by key.");
        var columns = names.Select(entity.GetProperty).Append(keyProperty).ToArray();
        var text = new StringBuilder("UPDATE ").Append(Delimited(sql, table)).Append(" SET ")
            .AppendJoin(", ", columns[..^1].Select((c, i) => sql.DelimitIdentifier(c.GetColumnName(table)!) + " = " + Placeholder(sql, i)))
            .Append(" WHERE ").Append(sql.DelimitIdentifier(keyProperty.GetColumnName(table)!)).Append(" = ").Append(Placeholder(sql, names.Length));
        return (text.ToString(), columns);
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
}
