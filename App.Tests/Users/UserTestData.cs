using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Users;

/// <summary>Users, DingTalk authenticators and bindings for the Users tests, written the quick way or through Identity.</summary>
public static class UserTestData
{
    public static readonly string[] FirstNames = ["Alice", "Bob", "Carol", "David", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy"];

    public static readonly DateTime SeedStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// User <c>i</c> is "{FirstNames[i % 10]} Tester{i:000}", user name "u{i:000}", email "{first}.{i:000}@corp.example",
    /// phone "138-0000-{i:0000}", created <c>i</c> minutes after <see cref="SeedStart"/>. Inserted directly, for speed.
    /// </summary>
    public static Task SeedDirectoryAsync(this TestApp app, int count) =>
        app.WithDbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                var first = FirstNames[i % FirstNames.Length];
                var email = $"{first.ToLowerInvariant()}.{i:000}@corp.example";
                db.Users.Add(new AppUser
                {
                    UserName = $"u{i:000}",
                    NormalizedUserName = $"U{i:000}",
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    DisplayName = $"{first} Tester{i:000}",
                    PhoneNumber = $"138-0000-{i:0000}",
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                    LockoutEnabled = true,
                    CreatedAt = SeedStart.AddMinutes(i),
                });
            }

            return await db.SaveChangesAsync();
        });

    /// <summary>A DingTalk authenticator row; <paramref name="title"/> null shows the type's title.</summary>
    public static Task<int> AddDingTalkAuthenticatorAsync(this TestApp app, string name, string? title) =>
        app.WithDbAsync(async db =>
        {
            var sort = await db.Authenticators.Select(a => (int?)a.Sort).MaxAsync() ?? -1;
            var authenticator = new Authenticator
            {
                Name = name,
                Type = DingTalkPlugin.TypeName,
                Title = title,
                Enabled = true,
                Sort = sort + 1,
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            db.Authenticators.Add(authenticator);
            await db.SaveChangesAsync();
            return authenticator.Id;
        });

    public static Task BindAsync(this TestApp app, string userId, string authenticator, string unionId, string? nick = null) =>
        app.WithDbAsync(async db =>
        {
            var id = await db.Authenticators.Where(a => a.Name == authenticator).Select(a => a.Id).SingleAsync();
            db.UserBindings.Add(new UserBinding
            {
                AuthenticatorId = id,
                UserId = userId,
                ProviderKey = unionId,
                Extras = UserBinding.WriteExtras(new Dictionary<string, string> { ["openId"] = "open-" + unionId }),
                Nick = nick ?? "Nick " + unionId,
                AvatarUrl = $"https://static.example/{unionId}.png",
                Email = $"{unionId}@dingtalk.example",
                FirstSignInAt = new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc),
                LastSignInAt = new DateTime(2025, 3, 2, 9, 30, 0, DateTimeKind.Utc),
            });
            return await db.SaveChangesAsync();
        });

    /// <summary>A user as DingTalk's auto sign-up makes one: through Identity, with no password and no email.</summary>
    public static Task<AppUser> CreateDingTalkUserAsync(this TestApp app, string nick) =>
        app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = "dingtalk_" + Guid.NewGuid().ToString("N")[..12],
                DisplayName = nick,
                CreatedAt = DateTime.UtcNow,
            };
            var result = await users.CreateAsync(user);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
            return user;
        });

    public static Task<string?> SecurityStampAsync(this TestApp app, string userId) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());

    public static Task<List<string>> BoundAuthenticatorsAsync(this TestApp app, string userId) =>
        app.WithDbAsync(db => db.UserBindings.Where(b => b.UserId == userId).Select(b => b.Authenticator!.Name).ToListAsync());

    public static async Task<BrowserClient> SignedInAdminAsync(this TestApp app)
    {
        var browser = app.CreateBrowser();
        using var response = await browser.SignInAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        Assert.True(browser.HasSessionCookie(), "The admin could not sign in.");
        return browser;
    }

    public static async Task<JsonElement> GetJsonAsync(this BrowserClient browser, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await browser.Http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static IEnumerable<string> Strings(this JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!);
}
