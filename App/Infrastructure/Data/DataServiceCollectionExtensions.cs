using BlazorAuth.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;

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

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqlitePath.Resolve(connectionString, builder.Environment.ContentRootPath);
                builder.Services.AddSingleton<SqliteConnectionSettings>();
                builder.Services.AddSingleton<SqliteWriteGate>();
                builder.Services.AddDbContextFactory<SqliteAppDbContext>((services, o) =>
                    o.UseSqlite(sqlite).AddInterceptors(services.GetRequiredService<SqliteConnectionSettings>(), services.GetRequiredService<SqliteWriteGate>()));
                builder.Services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqliteAppDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                builder.Services.AddDbContextFactory<SqlServerAppDbContext>(o => o.UseSqlServer(connectionString));
                builder.Services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<SqlServerAppDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                builder.Services.AddSingleton<PostgreSqlSerialTransactions>();
                builder.Services.AddDbContextFactory<PostgreSqlAppDbContext>((services, o) =>
                    o.UseNpgsql(connectionString).AddInterceptors(
                        services.GetRequiredService<PostgreSqlSerialTransactions>(), services.GetRequiredService<AuthenticatorChangeInterceptor>()));
                builder.Services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderContextFactory<PostgreSqlAppDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported.");
        }

        builder.Services.AddChangeNotifications(options.Provider);

        // Request-scoped code (Identity stores, endpoints) shares one context; interactive code uses the factory.
        builder.Services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return builder;
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
