namespace BlazorAuth.Tests.Support;

/// <summary>A condition something in the background makes true (a notification, a timer, another writer letting go):
/// polled until it holds, and a failure once the bound passes without it.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string failure, TimeSpan? within = null, TimeSpan? poll = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string failure, TimeSpan? within = null, TimeSpan? poll = null) =>
        HoldsAsync(() => Task.FromResult(condition()), failure, within, poll);
}
