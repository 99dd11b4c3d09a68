using System.Security.Claims;
using BlazorAuth.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Support;

public static class SessionPrincipals
{
    /// <summary>Starts a real server-side session for <paramref name="principal"/> and answers the principal it hands out, as a circuit gets it.</summary>
    public static async Task<ClaimsPrincipal> InNewSessionAsync(this IServiceProvider services, ClaimsPrincipal principal)
    {
        var store = services.GetRequiredService<DbTicketStore>();
        var key = await store.StoreAsync(new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme));
        var ticket = await store.RetrieveAsync(key) ?? throw new InvalidOperationException("The new session could not be read back.");
        return ticket.Principal;
    }
}
