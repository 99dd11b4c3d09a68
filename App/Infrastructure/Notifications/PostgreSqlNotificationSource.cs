using BlazorAuth.Infrastructure.Data;
using Npgsql;

namespace BlazorAuth.Infrastructure.Notifications;

/// <summary>The connections notifications travel on, apart from EF's: one pooled source to send, and the listener's settings.</summary>
internal sealed class PostgreSqlNotificationSource(IConfiguration configuration) : IAsyncDisposable
{
    private readonly string connectionString = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)!;
    private NpgsqlDataSource? pooled;

    public NpgsqlDataSource Pooled => pooled ??= NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
    {
        Multiplexing = false,
        MaxPoolSize = 4,
        ApplicationName = "BlazorAuth notify",
    });

    /// <summary>
    /// The long-lived LISTEN connection: never pooled (a pooled connection is reset, which ends LISTEN), never
    /// multiplexed, with keepalives so a dead server or a dropped route is noticed within seconds.
    /// </summary>
    public NpgsqlConnection CreateListener() => new(new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        Multiplexing = false,
        KeepAlive = 5,
        Timeout = 5,
        ApplicationName = "BlazorAuth listen",
    }.ConnectionString);

    public ValueTask DisposeAsync() => pooled?.DisposeAsync() ?? ValueTask.CompletedTask;
}
