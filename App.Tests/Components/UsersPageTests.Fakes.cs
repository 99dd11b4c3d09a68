using System.Security.Claims;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Hosting;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Components;

namespace BlazorAuth.Tests.Components;

public sealed partial class UsersPageTests
{
    private sealed class FakeAdministration(FakeDirectory directory) : IUserAdministration
    {
        public const string Generated = "Gen!Pass-0123456789abcdef";

        public List<string> Calls { get; } = [];

        public string? Refusal { get; set; }

        public Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(NewUserInput input, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyDictionary<string, string[]>>(new Dictionary<string, string[]>());

        public Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(string userId, UserEditInput input, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyDictionary<string, string[]>>(new Dictionary<string, string[]>());

        public Task<StoreResult<CreatedUser>> CreateAsync(NewUserInput input, ClaimsPrincipal actor, CancellationToken ct = default) =>
            throw new NotSupportedException();

        public Task<StoreResult<UserDetails>> UpdateAsync(string userId, UserEditInput input, ClaimsPrincipal actor, CancellationToken ct = default) =>
            throw new NotSupportedException();

        public Task<StoreResult<UserDetails>> LockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default) =>
            ChangeAsync("lock", userId, row => row with { LockedOut = true, LockedByAdmin = true, LockoutEnd = null });

        public Task<StoreResult<UserDetails>> UnlockAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default) =>
            ChangeAsync("unlock", userId, row => row with { LockedOut = false, LockedByAdmin = false, LockoutEnd = null });

        public Task<StoreResult<string>> ResetPasswordAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default)
        {
            Calls.Add("reset " + userId);
            return Task.FromResult(StoreResult<string>.Ok(Generated));
        }

        public Task<StoreResult<bool>> DeleteAsync(string userId, ClaimsPrincipal actor, CancellationToken ct = default)
        {
            Calls.Add("delete " + userId);
            directory.Rows.RemoveAll(r => r.Id == userId);
            return Task.FromResult(StoreResult<bool>.Ok(true));
        }

        private async Task<StoreResult<UserDetails>> ChangeAsync(string action, string userId, Func<UserRow, UserRow> change)
        {
            if (Refusal is not null)
            {
                return StoreResult<UserDetails>.Conflict(Refusal);
            }

            Calls.Add($"{action} {userId}");
            var index = directory.Rows.FindIndex(r => r.Id == userId);
            directory.Rows[index] = change(directory.Rows[index]);
            return StoreResult<UserDetails>.Ok((await directory.GetAsync(userId))!);
        }
    }

    private sealed class FakeDirectory(List<UserRow> rows) : IUserDirectory
    {
        public List<UserRow> Rows => rows;

        private readonly Dictionary<string, List<UserBindingView>> bindings = new()
        {
            ["alice-id"] =
            [
                new("acme", "Acme DingTalk", "dingtalk", "Alice on DingTalk", "https://static.example/alice.png", "union-alice",
                    new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 2, 9, 30, 0, DateTimeKind.Utc)),
                new("untitled", "DingTalk", "dingtalk", "Alice 2", null, "union-alice-2",
                    new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc)),
            ],
            ["bob-id"] = [],
        };

        public List<UserQuery> Queries { get; } = [];

        public List<(string, string)> Removed { get; } = [];

        public string? Refusal { get; set; }

        public Task<UserPage> ListAsync(UserQuery query, CancellationToken ct = default)
        {
            Queries.Add(query);
            var matches = rows.Where(r => query.Search is null
                || (r.DisplayName ?? r.UserName)!.StartsWith(query.Search, StringComparison.OrdinalIgnoreCase)).ToList();
            var start = query.Cursor is { } cursor
                ? matches.FindIndex(r => r.Id == cursor.Id) + (query.Seek == UserSeek.After ? 1 : -query.PageSize)
                : (query.Page - 1) * query.PageSize;
            var items = matches.Skip(Math.Max(start, 0)).Take(query.PageSize).ToList();
            string? Edge(UserRow row) => new UserCursor(row.CreatedAt, row.Id).Encode();
            return Task.FromResult(new UserPage(items, query.CountTotal ? matches.Count : -1, query.Page, query.PageSize,
                items.Count > 0 && start + query.PageSize < matches.Count ? Edge(items[^1]) : null,
                items.Count > 0 && start > 0 ? Edge(items[0]) : null));
        }

        public Task<UserDetails?> GetAsync(string id, CancellationToken ct = default) =>
            Task.FromResult(rows.FirstOrDefault(r => r.Id == id) is { } row
                ? new UserDetails(row, hasPassword: id == "bob-id", [.. bindings[id]])
                : null);

        public Task<StoreResult<bool>> RemoveBindingAsync(string userId, string authenticatorName, string? keepSessionId = null, CancellationToken ct = default)
        {
            if (Refusal is not null)
            {
                return Task.FromResult(StoreResult<bool>.Conflict(Refusal));
            }

            Removed.Add((userId, authenticatorName));
            bindings[userId].RemoveAll(b => b.Authenticator == authenticatorName);
            return Task.FromResult(StoreResult<bool>.Ok(true));
        }
    }

    private sealed class NoSessions : ISessionList
    {
        public Task<IReadOnlyList<SessionRow>> RowsAsync(string userId, string? currentSessionId, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<SessionRow>>([]);

        public Task<bool> EndAsync(string userId, string sessionId, CancellationToken ct = default) => Task.FromResult(false);

        public Task<int> EndAllAsync(string userId, string? exceptSessionId = null, CancellationToken ct = default) => Task.FromResult(0);
    }
}
