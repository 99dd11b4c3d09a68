using BlazorAuth.Infrastructure.Data;

namespace BlazorAuth.Infrastructure.Notifications;

public static class NotificationsSetup
{
    /// <summary>PostgreSQL: LISTEN/NOTIFY between instances. Other providers: nothing; the polls and intervals do the work.</summary>
    public static IServiceCollection AddChangeNotifications(this IServiceCollection services, DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.PostgreSql)
        {
            services.AddSingleton<IChangeNotifier, NoChangeNotifier>();
            return services;
        }

        services.AddSingleton<PostgreSqlNotificationSource>();
        services.AddSingleton<AuthenticatorChangeInterceptor>();
        services.AddSingleton<PostgreSqlChangeNotifier>();
        services.AddSingleton<IChangeNotifier>(sp => sp.GetRequiredService<PostgreSqlChangeNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlChangeNotifier>());
        services.AddSingleton<PostgreSqlChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlChangeListener>());
        return services;
    }
}
