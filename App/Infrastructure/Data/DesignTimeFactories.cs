using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BlazorAuth.Infrastructure.Data;

// dotnet-ef uses these so that migrations never need the app's configuration or a live server.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db")
            .UseApplicationServiceProvider(PostgreSqlDesignTimeFactory.IdentityServices).Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=(design-time);Database=BlazorAuth;Trusted_Connection=True;TrustServerCertificate=True")
            .UseApplicationServiceProvider(PostgreSqlDesignTimeFactory.IdentityServices).Options);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    /// <summary>
    /// Identity sizes its key columns by <c>IdentityOptions.Stores.MaxLengthForKeys</c>, which it reads from the app's
    /// services (IdentitySetup sets 128); without them this context would build another model than the running app.
    /// </summary>
    public const int MaxLengthForKeys = 128;

    internal static readonly IServiceProvider IdentityServices =
        new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.MaxLengthForKeys = MaxLengthForKeys).BuildServiceProvider();

    /// <summary>The app's model without the app: for dotnet-ef, scripts and tests.</summary>
    public static PostgreSqlAppDbContext Create(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql(connectionString).UseApplicationServiceProvider(IdentityServices).Options);

    public PostgreSqlAppDbContext CreateDbContext(string[] args) => Create("Host=design-time;Database=blazorauth");
}
