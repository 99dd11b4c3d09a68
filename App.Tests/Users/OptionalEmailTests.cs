using BlazorAuth.Features.Users;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.Users;

/// <summary>DingTalk's auto sign-up creates users without an email; Identity must accept them and still keep emails unique.</summary>
public sealed class OptionalEmailTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private Task<IdentityResult> CreateAsync(string? email) =>
        shared.App.WithScopeAsync(services => services.GetRequiredService<UserManager<AppUser>>().CreateAsync(new AppUser
        {
            UserName = "user_" + Guid.NewGuid().ToString("N")[..12],
            Email = email,
            CreatedAt = DateTime.UtcNow,
        }));

    [Fact]
    public async Task A_user_without_email_can_be_created_and_updated()
    {
        var user = await shared.App.CreateDingTalkUserAsync("No Email");

        var updated = await shared.App.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            return await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id))!);
        });

        Assert.True(updated.Succeeded);
    }

    [Fact]
    public async Task An_email_stays_unique()
    {
        Assert.True((await CreateAsync("same@corp.example")).Succeeded);

        var second = await CreateAsync("SAME@corp.example");

        Assert.Equal(["DuplicateEmail"], second.Errors.Select(e => e.Code));
    }

    [Fact]
    public async Task A_malformed_email_is_still_refused()
    {
        var result = await CreateAsync("not-an-email");

        Assert.Equal(["InvalidEmail"], result.Errors.Select(e => e.Code));
    }
}
