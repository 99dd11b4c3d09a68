using BlazorAuth.Features.Audit;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.E2E.Audit;

/// <summary>/account's Recent activity lists the admin's sign-ins: the other scenes' sign-ins would change its look, so they go.</summary>
public static class AuditLooks
{
    public static async Task KeepOnlyNewestSignInAsync(TestApp app, string userId)
    {
        await app.Services.GetRequiredService<AuditWriter>().FlushAsync();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var newest = await db.AuditEvents.Where(e => e.UserId == userId && e.Type == AuditEventTypes.SignIn)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Id).FirstAsync();
        await db.AuditEvents.Where(e => e.UserId == userId && e.Type == AuditEventTypes.SignIn && e.Id != newest).ExecuteDeleteAsync();
    }
}
