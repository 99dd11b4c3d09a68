using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.DingTalk;

/// <summary>What the database holds about DingTalk people, read the way an admin page would.</summary>
internal static class DingTalkData
{
    public static Task<List<AppUser>> UsersWithMobileAsync(this TestApp app, string normalizedMobile) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.NormalizedPhoneNumber == normalizedMobile).ToListAsync());

    public static Task<int> UserCountAsync(this TestApp app) => app.WithDbAsync(db => db.Users.CountAsync());

    public static Task<List<UserBinding>> BindingsOfAsync(this TestApp app, string authenticator) =>
        app.WithDbAsync(db => db.UserBindings.AsNoTracking().Where(b => b.Authenticator!.Name == authenticator).ToListAsync());

    public static Task<List<UserBinding>> BindingsForUnionIdAsync(this TestApp app, string unionId) =>
        app.WithDbAsync(db => db.UserBindings.AsNoTracking().Where(b => b.ProviderKey == unionId).ToListAsync());

    public static Task<IList<string>> RolesOfAsync(this TestApp app, string userId) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            return await users.GetRolesAsync((await users.FindByIdAsync(userId))!);
        });

    /// <summary>Creates a user with a password and the phone number as an admin would type it.</summary>
    public static async Task<AppUser> CreateUserWithPhoneAsync(this TestApp app, string userName, string displayName, string phone)
    {
        var user = await app.CreateUserAsync(userName, "User!Pass12345", displayName);
        await app.SetPhoneAsync(userName, phone);
        return user;
    }

    public static Task SetPhoneAsync(this TestApp app, string userName, string? phone) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            var result = await users.SetPhoneNumberAsync(user, phone);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            return true;
        });

    /// <summary>The national number written the way people type it: "+86 139-1234-5678".</summary>
    public static string Formatted(string nationalMobile) =>
        $"+86 {nationalMobile[..3]}-{nationalMobile[3..7]}-{nationalMobile[7..]}";

    public static string Normalized(string nationalMobile) => "+86" + nationalMobile;
}
