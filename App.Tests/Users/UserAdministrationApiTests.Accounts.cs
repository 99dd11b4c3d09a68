using System.Net;
using System.Text.Json;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static BlazorAuth.Tests.Users.UserAdminSteps;

namespace BlazorAuth.Tests.Users;

/// <summary>Locking, unlocking, resetting a password and deleting, through the HTTP API.</summary>
public sealed partial class UserAdministrationApiTests
{
    [Fact]
    public async Task Lock_and_unlock()
    {
        var userName = Unique("lock");
        var id = await Admin.AddUserAsync(userName);

        var locked = (await Admin.PostAsync($"/api/users/{id}/lock", new { })).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(locked.GetProperty("lockedOut").GetBoolean());
        Assert.Equal(GenericRefusal, await App.RefusedSignInAsync(userName, UserPassword));
        var row = Assert.Single((await Admin.GetAsync($"/api/users?search={userName}")).Json.GetProperty("items").EnumerateArray());
        Assert.True(row.GetProperty("lockedOut").GetBoolean());

        var unlocked = (await Admin.PostAsync($"/api/users/{id}/unlock", new { })).ShouldBe(HttpStatusCode.OK).Json;
        Assert.False(unlocked.GetProperty("lockedOut").GetBoolean());
        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        browser.Dispose();
    }

    [Fact]
    public async Task Unlocking_also_ends_a_lockout_after_wrong_passwords()
    {
        var userName = Unique("oops");
        var id = await Admin.AddUserAsync(userName);
        await App.StartTimedLockoutAsync(userName);
        Assert.Equal(GenericRefusal, await App.RefusedSignInAsync(userName, UserPassword));

        (await Admin.PostAsync($"/api/users/{id}/unlock", new { })).ShouldBe(HttpStatusCode.OK);

        var (browser, _) = await App.SignInAsync(userName, UserPassword);
        browser.Dispose();
    }

    [Fact]
    public async Task Resetting_a_password_answers_a_new_one_and_the_old_one_stops_working()
    {
        var userName = Unique("reset");
        var id = await Admin.AddUserAsync(userName);

        var answer = (await Admin.PostAsync($"/api/users/{id}/reset-password", new { })).ShouldBe(HttpStatusCode.OK).Json;

        var password = answer.GetProperty("generatedPassword").GetString()!;
        Assert.NotEqual(UserPassword, password);
        Assert.Equal(GenericRefusal, await App.RefusedSignInAsync(userName, UserPassword));
        var (browser, target) = await App.SignInAsync(userName, password);
        browser.Dispose();
        Assert.Equal("/account/password?returnUrl=%2F", target);
    }

    [Fact]
    public async Task A_user_without_a_password_gets_one_by_a_reset()
    {
        var user = await App.CreateDingTalkUserAsync("DingTalk Only");

        var password = (await Admin.PostAsync($"/api/users/{user.Id}/reset-password", new { })).ShouldBe(HttpStatusCode.OK)
            .Json.GetProperty("generatedPassword").GetString()!;

        Assert.True((await Admin.GetAsync($"/api/users/{user.Id}")).Json.GetProperty("hasPassword").GetBoolean());
        var (browser, _) = await App.SignInAsync(user.UserName!, password);
        browser.Dispose();
    }

    [Fact]
    public async Task Deleting_a_user_removes_them_and_their_bindings()
    {
        var id = await Admin.AddUserAsync(Unique("gone"));
        await App.BindAsync(id, "acme", Unique("union-"));

        (await Admin.DeleteAsync($"/api/users/{id}")).ShouldBe(HttpStatusCode.NoContent);

        (await Admin.GetAsync($"/api/users/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.False(await App.UserExistsAsync(id));
        Assert.Empty(await App.BoundAuthenticatorsAsync(id));
    }

    [Fact]
    public async Task An_admin_can_neither_lock_nor_delete_themselves()
    {
        var locked = (await Admin.PostAsync($"/api/users/{fixture.AdminId}/lock", new { })).ShouldBeProblem(HttpStatusCode.Conflict);
        var deleted = (await Admin.DeleteAsync($"/api/users/{fixture.AdminId}")).ShouldBeProblem(HttpStatusCode.Conflict);

        Assert.Equal("You cannot lock your own account.", locked.Detail);
        Assert.Equal("You cannot delete your own account.", deleted.Detail);
        Assert.True(await App.UserExistsAsync(fixture.AdminId));
        Assert.Null((await App.UserRowAsync(fixture.AdminId)).LockoutEnd);
    }

    public static TheoryData<string, string> ActionsOnUnknownUsers => new()
    {
        { "PUT", "/api/users/no-such-user" },
        { "POST", "/api/users/no-such-user/lock" },
        { "POST", "/api/users/no-such-user/unlock" },
        { "POST", "/api/users/no-such-user/reset-password" },
        { "DELETE", "/api/users/no-such-user" },
    };

    [Theory]
    [MemberData(nameof(ActionsOnUnknownUsers))]
    public async Task Acting_on_an_unknown_user_is_a_404_problem(string method, string path)
    {
        var response = await Admin.SendRawAsync(new HttpMethod(method), path, """{"displayName":"Nobody"}""");

        Assert.Equal("This user no longer exists.", response.ShouldBeProblem(HttpStatusCode.NotFound).Detail);
    }
}
