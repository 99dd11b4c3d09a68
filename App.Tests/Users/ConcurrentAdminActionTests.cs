using System.Net;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Users;

/// <summary>Two administrators acting on one user at the same moment: one may lose, with a 409, never a 500.</summary>
public sealed class ConcurrentAdminActionTests : IAsyncLifetime
{
    private readonly TestApp app = new();
    private ApiClient admin = null!;

    public async Task InitializeAsync() => admin = await ApiClient.SignInAsync(app);

    public Task DisposeAsync()
    {
        admin.Dispose();
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Concurrent_locks_unlocks_and_resets_of_one_user_answer_200_or_409_and_never_500()
    {
        var id = await admin.AddUserAsync("contested");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => admin.PostAsync(
            $"/api/users/{id}/{(i % 3) switch { 0 => "lock", 1 => "unlock", _ => "reset-password" }}", new { })));

        Assert.All(statuses, s => Assert.True(s.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)s.Status}: {s.Text}"));
        Assert.All(statuses.Where(s => s.Status == HttpStatusCode.Conflict), s => Assert.Equal("application/problem+json", s.MediaType));
    }
}
