using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using CompiledPostgreSql = BlazorAuth.Infrastructure.Data.CompiledModels.PostgreSql.PostgreSqlAppDbContextModel;
using CompiledSqlite = BlazorAuth.Infrastructure.Data.CompiledModels.Sqlite.SqliteAppDbContextModel;
using CompiledSqlServer = BlazorAuth.Infrastructure.Data.CompiledModels.SqlServer.SqlServerAppDbContextModel;

namespace BlazorAuth.Tests.Data;

/// <summary>
/// The app runs on compiled models (App/Infrastructure/Data/CompiledModels), which EF never refreshes by itself: after a
/// change to an entity or its configuration the app would keep running on the old model, with the old columns. These
/// compare each compiled model with the model EF builds from the code now (the design-time model, built from
/// OnModelCreating with the app's own Identity options); regenerate with <c>tools/ef-optimize.sh</c> when they fail.
/// </summary>
public sealed class CompiledModelTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private const string Regenerate = "run tools/ef-optimize.sh";

    public static TheoryData<string> Providers => [nameof(DatabaseProvider.Sqlite), nameof(DatabaseProvider.SqlServer), nameof(DatabaseProvider.PostgreSql)];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Compiled_model_maps_the_same_tables_and_columns_as_the_code(string provider)
    {
        using var db = Context(provider);
        var (compiled, current) = Models(db);

        // The migrations differ cannot read a compiled model (it keeps no design-time annotations): compare the mapping.
        var stale = Difference(Tables(current.GetRelationalModel()), Tables(compiled.GetRelationalModel()));

        Assert.True(stale.Count == 0, $"The {provider} compiled model is stale ({Regenerate}):\n{string.Join("\n", stale)}");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Compiled_model_has_the_same_properties_keys_and_relationships_as_the_code(string provider)
    {
        using var db = Context(provider);
        var (compiled, current) = Models(db);

        // Facets that leave the schema alone but change what EF reads and writes: a converter, a length SQLite ignores.
        var stale = Difference(Shape(current), Shape(compiled));

        Assert.True(stale.Count == 0, $"The {provider} compiled model is stale ({Regenerate}):\n{string.Join("\n", stale)}");
    }

    [Fact]
    public void The_running_app_uses_its_compiled_model()
    {
        using var scope = shared.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var expected = db switch
        {
            SqliteAppDbContext => typeof(CompiledSqlite),
            SqlServerAppDbContext => typeof(CompiledSqlServer),
            PostgreSqlAppDbContext => typeof(CompiledPostgreSql),
            _ => throw new InvalidOperationException($"No compiled model is known for {db.GetType().Name}."),
        };
        Assert.IsType(expected, db.Model);
    }

    private AppDbContext Context(string provider)
    {
        // No server is contacted: building a model needs none. The app's services give Identity's options (key lengths).
        var services = shared.App.Services;
        return provider switch
        {
            nameof(DatabaseProvider.Sqlite) => new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
                .UseSqlite("Data Source=:memory:").UseModel(CompiledSqlite.Instance)
                .UseApplicationServiceProvider(services).EnableServiceProviderCaching(false).Options),
            nameof(DatabaseProvider.SqlServer) => new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
                .UseSqlServer("Server=no-such-server.invalid;Database=BlazorAuth;User Id=none;Password=none;TrustServerCertificate=True")
                .UseModel(CompiledSqlServer.Instance)
                .UseApplicationServiceProvider(services).EnableServiceProviderCaching(false).Options),
            _ => new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>()
                .UseNpgsql("Host=no-such-server.invalid;Database=blazorauth").UseModel(CompiledPostgreSql.Instance)
                .UseApplicationServiceProvider(services).EnableServiceProviderCaching(false).Options),
        };
    }

    private static (IModel Compiled, IModel Current) Models(AppDbContext db)
    {
        var current = db.GetService<IDesignTimeModel>().Model;
        // Guards the comparison itself: were both the compiled model, nothing could ever differ.
        Assert.False(current is RuntimeModel, "The design-time model was the compiled one.");
        return (db.Model, current);
    }

    private static IEnumerable<string> Shape(IModel model)
    {
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var name = entity.Name;
            yield return $"{name}: table {entity.GetTableName()}, base {entity.BaseType?.Name}";
            foreach (var p in entity.GetDeclaredProperties())
            {
                yield return $"{name}.{p.Name}: {p.ClrType}, nullable {p.IsNullable}, max {p.GetMaxLength()}, unicode {p.IsUnicode()}, "
                    + $"generated {p.ValueGenerated}, concurrency {p.IsConcurrencyToken}, converter {p.GetValueConverter()?.GetType()}, "
                    + $"precision {p.GetPrecision()}/{p.GetScale()}, field {p.FieldInfo?.Name}";
            }

            foreach (var key in entity.GetDeclaredKeys())
            {
                yield return $"{name} key ({Names(key.Properties)}), primary {key.IsPrimaryKey()}";
            }

            foreach (var fk in entity.GetDeclaredForeignKeys())
            {
                yield return $"{name} fk ({Names(fk.Properties)}) -> {fk.PrincipalEntityType.Name} ({Names(fk.PrincipalKey.Properties)}), "
                    + $"required {fk.IsRequired}, unique {fk.IsUnique}, delete {fk.DeleteBehavior}, "
                    + $"navigations {fk.DependentToPrincipal?.Name}/{fk.PrincipalToDependent?.Name}";
            }

            foreach (var index in entity.GetDeclaredIndexes())
            {
                yield return $"{name} index ({Names(index.Properties)}), unique {index.IsUnique}";
            }
        }
    }

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(", ", properties.Select(p => p.Name));

    private static IEnumerable<string> Tables(IRelationalModel model)
    {
        foreach (var table in model.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var name = $"{table.Schema}.{table.Name}";
            yield return $"table {name}";
            foreach (var column in table.Columns)
            {
                yield return $"{name}.{column.Name}: {column.StoreType}, nullable {column.IsNullable}";
            }

            if (table.PrimaryKey is { } primaryKey)
            {
                yield return $"{name} primary key {primaryKey.Name} ({Columns(primaryKey.Columns)})";
            }

            foreach (var unique in table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()))
            {
                yield return $"{name} unique {unique.Name} ({Columns(unique.Columns)})";
            }

            foreach (var fk in table.ForeignKeyConstraints)
            {
                yield return $"{name} fk {fk.Name} ({Columns(fk.Columns)}) -> {fk.PrincipalTable.Name} ({Columns(fk.PrincipalColumns)}), {fk.OnDeleteAction}";
            }

            foreach (var index in table.Indexes)
            {
                yield return $"{name} index {index.Name} ({Columns(index.Columns)}), unique {index.IsUnique}, filter {index.Filter}";
            }
        }
    }

    private static List<string> Difference(IEnumerable<string> current, IEnumerable<string> compiled)
    {
        var (now, then) = (current.ToList(), compiled.ToList());
        return [.. now.Except(then).Select(l => "code only: " + l), .. then.Except(now).Select(l => "compiled only: " + l)];
    }

    private static string Columns(IEnumerable<IColumn> columns) => string.Join(", ", columns.Select(c => c.Name));
}
