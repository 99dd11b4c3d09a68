using System.Security.Cryptography;
using System.Text;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// A login name that named nobody is kept only as HMAC-SHA256 under a key of the app's own, so repeated tries of one
/// name group together while a copy of the audit table alone cannot be searched for a name someone typed (a password
/// typed into the wrong box, most often). The key is random, generated once, and stored protected by Data Protection,
/// so it stays the same across instances and key-ring rotations and is as safe at rest as the key ring.
/// </summary>
public sealed class LoginNameHasher(IDbContextFactory<AppDbContext> contexts, IDataProtectionProvider protection, ILogger<LoginNameHasher> logger)
{
    private const int KeyId = 1;
    private readonly IDataProtector protector = protection.CreateProtector("BlazorAuth.Audit.LoginNameKey.v1");
    private readonly SemaphoreSlim loading = new(1, 1);
    private byte[]? key;

    /// <summary>The first 32 hex digits of the HMAC of the name as Identity would normalise it (trimmed, upper case).</summary>
    public async Task<string> HashAsync(string login, CancellationToken cancellationToken = default)
    {
        var secret = key ?? await LoadAsync(cancellationToken);
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(login.Trim().ToUpperInvariant()));
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        await loading.WaitAsync(cancellationToken);
        try
        {
            if (key is not null)
            {
                return key;
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.AuditKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == KeyId, cancellationToken) is { } stored)
            {
                return key = protector.Unprotect(Convert.FromBase64String(stored.ProtectedKey));
            }

            var fresh = RandomNumberGenerator.GetBytes(32);
            db.AuditKeys.Add(new AuditKey { Id = KeyId, ProtectedKey = Convert.ToBase64String(protector.Protect(fresh)) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return key = fresh;
            }
            catch (DbUpdateException e)
            {
                // Another instance stored its key first: everyone uses that one.
                logger.LogDebug(e, "Another instance created the login-name key first.");
                await using var again = await contexts.CreateDbContextAsync(cancellationToken);
                var winner = await again.AuditKeys.AsNoTracking().SingleAsync(k => k.Id == KeyId, cancellationToken);
                return key = protector.Unprotect(Convert.FromBase64String(winner.ProtectedKey));
            }
        }
        finally
        {
            loading.Release();
        }
    }
}
