using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// What orchestrators probe: <c>/healthz/live</c> (the process answers: restart it if not), <c>/healthz/ready</c>
/// (the database answers and the key ring can protect and unprotect: send it traffic only then). <c>/healthz</c>
/// stays the database check it always was.
/// </summary>
public static class HealthEndpoints
{
    private const string Database = "database";

    public static WebApplicationBuilder AddAppHealthProbes(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<KeyRingHealthCheck>("key-ring");
        return builder;
    }

    public static IEndpointRouteBuilder MapAppHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Name == Database });
        endpoints.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/healthz/ready");
        return endpoints;
    }

    /// <summary>Without a readable key ring no secret decrypts and no cookie validates, even with the database up.</summary>
    private sealed class KeyRingHealthCheck(IDataProtectionProvider dataProtection) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var protector = dataProtection.CreateProtector("BlazorAuth.Health.KeyRing");
                return Task.FromResult(protector.Unprotect(protector.Protect("ready")) == "ready"
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("The key ring gave back something else."));
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or InvalidOperationException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The key ring cannot be read.", ex));
            }
        }
    }
}
