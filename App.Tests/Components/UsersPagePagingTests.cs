using BlazorAuth.Features.Users;
using Bunit;
using MudBlazor;

namespace BlazorAuth.Tests.Components;

public sealed partial class UsersPageTests
{
    private static List<UserRow> ManyUsers(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Alice with
        {
            Id = $"user-{i:00}",
            DisplayName = $"User {i:00}",
            CreatedAt = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(-i),
        })];

    [Fact]
    public void Next_and_previous_page_seek_from_the_shown_page_by_cursor_and_keep_its_total()
    {
        directory.Rows.Clear();
        directory.Rows.AddRange(ManyUsers(45));
        var page = Context.Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(20, page.FindAll("tr.user-row").Count));

        page.Find("[data-testid=users-pager] button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal("User 20", page.FindAll("[data-testid=user-name]")[0].TextContent.Trim()));
        var next = directory.Queries[^1];
        Assert.Equal((2, UserSeek.After, "user-19", false), (next.Page, next.Seek, next.Cursor?.Id, next.CountTotal));
        Assert.Contains("21-40 of 45", page.Find("[data-testid=users-pager]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=users-pager] button[aria-label='Previous page']").Click();

        page.WaitForAssertion(() => Assert.Equal("User 00", page.FindAll("[data-testid=user-name]")[0].TextContent.Trim()));
        var previous = directory.Queries[^1];
        Assert.Equal((1, UserSeek.Before, "user-20", false), (previous.Page, previous.Seek, previous.Cursor?.Id, previous.CountTotal));
        Assert.Contains("1-20 of 45", page.Find("[data-testid=users-pager]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Jumping_to_the_last_page_reads_by_offset_and_counts_again()
    {
        directory.Rows.Clear();
        directory.Rows.AddRange(ManyUsers(45));
        var page = Context.Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(20, page.FindAll("tr.user-row").Count));

        page.Find("[data-testid=users-pager] button[aria-label='Last page']").Click();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("tr.user-row").Count));
        Assert.Equal(new UserQuery(null, 3, 20), directory.Queries[^1]);
    }
}
