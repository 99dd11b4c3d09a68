using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>
/// The provider-neutral model. Each provider has a subclass so that it owns its own migrations set.
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<PluginState> Plugins => Set<PluginState>();

    public DbSet<Authenticator> Authenticators => Set<Authenticator>();

    public DbSet<UserBinding> UserBindings => Set<UserBinding>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<AuditKey> AuditKeys => Set<AuditKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
