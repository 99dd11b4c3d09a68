using System.Security.Cryptography;
using System.Text;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.DingTalk.Authentication;

/// <summary>A state that completed a callback, kept until it would have expired anyway.</summary>
public sealed class ConsumedState
{
    /// <summary>SHA-256 of the scheme and the state: the state itself is never stored.</summary>
    public required string Key { get; set; }

    public DateTime ExpiresAt { get; set; }
}

internal sealed class ConsumedStateConfiguration : IEntityTypeConfiguration<ConsumedState>
{
    public void Configure(EntityTypeBuilder<ConsumedState> state)
    {
        state.ToTable("ConsumedStates");
        state.HasKey(s => s.Key);
        state.Property(s => s.Key).HasMaxLength(64);
        state.HasIndex(s => s.ExpiresAt);
    }
}

/// <summary>
/// Remembers used OAuth states in the database, so a replayed callback is refused on every instance
/// before its code is exchanged. The primary key decides a race between two replays.
/// </summary>
public sealed class ConsumedStateStore(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public async Task<bool> TryConsumeAsync(string scheme, string state, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(scheme + "\n" + state)));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<ConsumedState>().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.Set<ConsumedState>().Add(new ConsumedState { Key = key, ExpiresAt = expiresAt.UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
