using BlazorAuth.Features.Audit;
using BlazorAuth.Tests.Sessions;
using BlazorAuth.Tests.Support;
using BlazorAuth.Tests.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Audit;

public static class AuditSteps
{
    /// <summary>Writes what the queue holds, as the writer's loop would within a second, and answers the records matching <paramref name="where"/>.</summary>
    public static async Task<List<AuditEvent>> RecordsAsync(this TestApp app, System.Linq.Expressions.Expression<Func<AuditEvent, bool>> where)
    {
        await app.Services.GetRequiredService<AuditWriter>().FlushAsync();
        return await app.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(where).OrderBy(e => e.Id).ToListAsync());
    }

    public static Task<List<AuditEvent>> AllRecordsAsync(this TestApp app) => app.RecordsAsync(_ => true);

    /// <summary>Every text a record holds, for "never contains" assertions.</summary>
    public static string Text(AuditEvent e) => string.Join('\u0001',
        e.Type, e.Result, e.Reason, e.UserId, e.ActorId, e.LoginName, e.LoginNameHash, e.Authenticator, e.Method, e.IpAddress,
        e.UserAgent, e.SessionId, e.RequestId, e.Detail);

    /// <summary>Adds records straight to the table, the way the writer does, for query tests.</summary>
    public static Task SeedAsync(this TestApp app, IEnumerable<AuditEvent> records) =>
        app.WithDbAsync(async db =>
        {
            db.AuditEvents.AddRange(records);
            return await db.SaveChangesAsync();
        });

    /// <summary>The principal a console page opened by a signed-in admin holds (the one its circuit's state carries).</summary>
    public static async Task<System.Security.Claims.ClaimsPrincipal> AdminPrincipalAsync(this TestApp app)
    {
        var (browser, _) = await app.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        using (browser)
        {
            var ticket = await app.Services.GetRequiredService<BlazorAuth.Features.Sessions.DbTicketStore>().RetrieveAsync(app.SessionKeyIn(browser.SessionCookieValue()));
            return ticket!.Principal;
        }
    }
}
