using BlazorAuth.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BlazorAuth.Infrastructure.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Default";

    public static WebApplicationBuilder AddAppDatabase(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DatabaseOptions.Section);
        builder.Services.Configure<DatabaseOptions>(section);
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured.");

        var development = builder.Environment.IsDevelopment();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqlitePath.Resolve(connectionString, builder.Environment.ContentRootPath);
                builder.Services.AddSingleton<SqliteConnectionSettings>();
                builder.Services.AddSingleton<SqliteWriteGate>();
                builder.Services.AddHostedService<SqliteCheckpointer>();
                builder.Services.AddPooledDbContextFactory<SqliteAppDbContext>((services, o) =>
                    Runtime(o.UseSqlite(sqlite), CompiledModels.Sqlite.SqliteAppDbContextModel.Instance, development)
                        .AddInterceptors(services.GetRequiredService<SqliteConnectionSettings>(), services.GetRequiredService<SqliteWriteGate>()));
                builder.Services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqliteAppDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                builder.Services.AddPooledDbContextFactory<SqlServerAppDbContext>(o =>
                    Runtime(o.UseSqlServer(connectionString), CompiledModels.SqlServer.SqlServerAppDbContextModel.Instance, development));
                builder.Services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqlServerAppDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                builder.Services.AddSingleton<PostgreSqlSerialTransactions>();
                builder.Services.AddPooledDbContextFactory<PostgreSqlAppDbContext>((services, o) =>
                    Runtime(o.UseNpgsql(connectionString), CompiledModels.PostgreSql.PostgreSqlAppDbContextModel.Instance, development).AddInterceptors(
                        services.GetRequiredService<PostgreSqlSerialTransactions>(), services.GetRequiredService<AuthenticatorChangeInterceptor>()));
                builder.Services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<PostgreSqlAppDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported.");
        }

        builder.Services.AddChangeNotifications(options.Provider);

        // Request-scoped code (Identity stores, endpoints) shares one context; interactive code uses the factory.
        // The factories pool their contexts: a new context builds its own EF service scope and re-checks its options
        // against EF's provider cache, which was a quarter of every sign-in's allocations (docs/benchmarks.md).
        builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return builder;
    }

    /// <summary>
    /// Each context runs on its compiled model (CompiledModels/; tools/ef-optimize.sh regenerates them, CompiledModelTests
    /// fails while one is stale): building the model cost about 240 ms of every start. Outside Development, Migrate also
    /// skips comparing the model with the migrations' snapshot before it applies one (it builds the model from code and
    /// the snapshot's, and diffs them: longer than the migrations themselves); MigrationsTests and PostgreSqlModelTests
    /// make that comparison for every provider at test time.
    /// </summary>
    private static DbContextOptionsBuilder Runtime(DbContextOptionsBuilder options, IModel model, bool development)
    {
        options.UseModel(model);
        if (!development)
        {
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        }

        return options;
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
