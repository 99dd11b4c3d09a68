using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Support;

public static class TestAppExtensions
{
    /// <summary>Runs <paramref name="action"/> with the app's own services in a fresh scope, as one request would.</summary>
    public static async Task<T> WithScopeAsync<T>(this TestApp app, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public static Task<T> WithDbAsync<T>(this TestApp app, Func<AppDbContext, Task<T>> query) =>
        app.WithScopeAsync(services => query(services.GetRequiredService<AppDbContext>()));

    /// <summary>Creates a user through Identity, the way the product would, and fails the test if Identity refuses.</summary>
    public static Task<AppUser> CreateUserAsync(this TestApp app, string userName, string password, string? displayName = null, params string[] roles) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = userName,
                Email = $"{userName}@test.local",
                EmailConfirmed = true,
                DisplayName = displayName,
                CreatedAt = DateTime.UtcNow,
            };
            Succeeded(await users.CreateAsync(user, password));
            foreach (var role in roles)
            {
                Succeeded(await users.AddToRoleAsync(user, role));
            }

            return user;
        });

    /// <summary>An administrator's lock, written straight to the row: the lock itself must end sessions, not a new stamp.</summary>
    public static Task LockOutAsync(this TestApp app, string userName) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}.");
            user.LockedByAdminAt = DateTime.UtcNow;
            Succeeded(await users.UpdateAsync(user));
            return true;
        });

    /// <summary>Identity's timed lockout, as wrong passwords from a stranger would set it.</summary>
    public static Task StartTimedLockoutAsync(this TestApp app, string userName) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}.");
            Succeeded(await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1)));
            return true;
        });

    private static void Succeeded(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
