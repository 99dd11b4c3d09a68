using System.Net;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static BlazorAuth.Tests.Support.AuthenticatorTestData;

namespace BlazorAuth.Tests.Authenticators;

public sealed class AuthenticatorOrderTests : IAsyncLifetime
{
    private readonly TestApp app = new();
    private ApiClient admin = null!;

    public async Task InitializeAsync()
    {
        admin = await ApiClient.SignInAsync(app);
        await admin.SetPluginAsync(DingTalkPlugin, true);
        foreach (var name in new[] { "dt-a", "dt-b", "dt-c" })
        {
            await admin.CreateAsync(DingTalkBody(name));
        }
    }

    public Task DisposeAsync()
    {
        admin.Dispose();
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }

    private Task<ApiResponse> MoveAsync(string name, object body) => admin.PostAsync($"/api/authenticators/{name}/move", body);

    private Task<StoreResult<int>> BulkDeleteAsync(params string[] names) =>
        app.WithScopeAsync(services => services.GetRequiredService<AuthenticatorStore>().DeleteAsync(names));

    [Fact]
    public async Task New_authenticators_are_listed_after_the_existing_ones()
    {
        Assert.Equal(["basic", "dt-a", "dt-b", "dt-c"], await admin.NamesAsync());
        Assert.Equal(["dt-a", "dt-b", "dt-c"], await app.SignInButtonsAsync());
        var sorts = (await admin.GetAsync("/api/authenticators")).Json.EnumerateArray().Select(a => a.GetProperty("sort").GetInt32()).ToList();
        Assert.Equal(sorts.Order(), sorts);
    }

    [Fact]
    public async Task Move_before_changes_the_order_of_the_list_and_of_the_sign_in_buttons()
    {
        (await MoveAsync("dt-c", new { before = "dt-a" })).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(["basic", "dt-c", "dt-a", "dt-b"], await admin.NamesAsync());
        Assert.Equal(["dt-c", "dt-a", "dt-b"], await app.SignInButtonsAsync());
    }

    [Fact]
    public async Task Move_after_changes_the_order_of_the_list_and_of_the_sign_in_buttons()
    {
        (await MoveAsync("dt-a", new { after = "dt-b" })).ShouldBe(HttpStatusCode.NoContent);
        Assert.Equal(["basic", "dt-b", "dt-a", "dt-c"], await admin.NamesAsync());

        (await MoveAsync("basic", new { after = "dt-c" })).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(["dt-b", "dt-a", "dt-c", "basic"], await admin.NamesAsync());
        Assert.Equal(["dt-b", "dt-a", "dt-c"], await app.SignInButtonsAsync());
    }

    [Fact]
    public async Task Move_with_neither_target_moves_to_the_end()
    {
        (await MoveAsync("dt-a", new { })).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(["basic", "dt-b", "dt-c", "dt-a"], await admin.NamesAsync());
    }

    [Fact]
    public async Task The_order_survives_a_restart()
    {
        (await MoveAsync("dt-c", new { before = "basic" })).ShouldBe(HttpStatusCode.NoContent);

        using var restarted = new TestApp(app.Database);
        using var other = await ApiClient.SignInAsync(restarted);

        Assert.Equal(["dt-c", "basic", "dt-a", "dt-b"], await other.NamesAsync());
        Assert.Equal(["dt-c", "dt-a", "dt-b"], await restarted.SignInButtonsAsync());
    }

    [Fact]
    public async Task Move_with_both_before_and_after_is_a_problem_and_changes_nothing()
    {
        (await MoveAsync("dt-a", new { before = "basic", after = "dt-c" })).ShouldReject("before");

        Assert.Equal(["basic", "dt-a", "dt-b", "dt-c"], await admin.NamesAsync());
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public async Task Move_relative_to_an_unknown_authenticator_is_404_and_changes_nothing(string side)
    {
        (await MoveAsync("dt-a", new Dictionary<string, string> { [side] = "ghost" })).ShouldBeProblem(HttpStatusCode.NotFound);

        Assert.Equal(["basic", "dt-a", "dt-b", "dt-c"], await admin.NamesAsync());
    }

    [Fact]
    public async Task Bulk_delete_removes_all_named_authenticators_at_once()
    {
        var result = await BulkDeleteAsync("dt-a", "dt-c");

        Assert.Equal(StoreStatus.Ok, result.Status);
        Assert.Equal(2, result.Value);
        Assert.Equal(["basic", "dt-b"], await admin.NamesAsync());
        Assert.Equal(["dt-b"], await app.SignInButtonsAsync());
    }

    [Fact]
    public async Task Bulk_delete_that_would_leave_nothing_usable_deletes_none_of_them()
    {
        var result = await BulkDeleteAsync("dt-a", "dt-b", "dt-c", "basic");

        Assert.Equal(StoreStatus.Conflict, result.Status);
        Assert.Equal(KeepOneEnabled, result.Message);
        Assert.Equal(["basic", "dt-a", "dt-b", "dt-c"], await admin.NamesAsync());
        Assert.Equal(["dt-a", "dt-b", "dt-c"], await app.SignInButtonsAsync());
    }

    [Fact]
    public async Task Bulk_delete_naming_an_unknown_authenticator_deletes_none_of_them()
    {
        var result = await BulkDeleteAsync("dt-a", "ghost");

        Assert.Equal(StoreStatus.NotFound, result.Status);
        Assert.Equal(["basic", "dt-a", "dt-b", "dt-c"], await admin.NamesAsync());
    }
}
