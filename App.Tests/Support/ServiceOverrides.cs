using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorAuth.Tests.Support;

/// <summary>Changes a test makes to the app's services through <see cref="TestApp"/>'s <c>services</c> hook.</summary>
public static class ServiceOverrides
{
    /// <summary>Adds <paramref name="interceptor"/> to the app's contexts, on SQLite and on PostgreSQL alike.</summary>
    public static void AddDbInterceptor(this IServiceCollection services, IInterceptor interceptor)
    {
        services.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(interceptor));
        services.ConfigureDbContext<PostgreSqlAppDbContext>(o => o.AddInterceptors(interceptor));
    }

    /// <summary>Removes the app's background service of type <paramref name="service"/>, which must be registered once.</summary>
    public static void RemoveHostedService(this IServiceCollection services, Type service) =>
        services.Remove(Assert.Single(services, d => d.ServiceType == typeof(IHostedService)
            && (d.ImplementationType == service || d.ImplementationFactory?.Method.ReturnType == service)));
}
