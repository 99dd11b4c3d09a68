using System.Data;
using System.Linq.Expressions;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Users;

/// <summary>What the Users page and API read and do; a seam so the page can be tested without a database.</summary>
public interface IUserDirectory
{
    Task<UserPage> ListAsync(UserQuery query, CancellationToken ct = default);

    Task<UserDetails?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Removes a binding and changes the user's security stamp, so sessions signed in through it end.</summary>
    /// <summary>Removes the binding and ends the user's sessions, all but <paramref name="keepSessionId"/> (the user's own, unlinking).</summary>
    Task<StoreResult<bool>> RemoveBindingAsync(string userId, string authenticatorName, string? keepSessionId = null, CancellationToken ct = default);
}

/// <summary>
/// Lists and searches users with server-side paging. Search is by prefix on indexed columns only (display name,
/// normalized user name, email and phone), never "contains": a leading wildcard cannot use an index and would scan every user.
/// </summary>
public sealed class UserDirectory(
    IDbContextFactory<AppDbContext> contexts,
    IServiceScopeFactory scopes,
    ILookupNormalizer normalizer,
    AuthenticatorTitles titles,
    ExternalProviders providers,
    IStringLocalizerFactory localizers,
    IStringLocalizer<UsersText> L,
    TimeProvider clock,
    BlazorAuth.Features.Audit.AuditActor actor,
    ILogger<UserDirectory> logger) : IUserDirectory
{
    // Above this page, Skip would overflow an int; such a page is empty anyway.
    private const int MaxPage = int.MaxValue / UserQuery.MaxPageSize;

    public async Task<UserPage> ListAsync(UserQuery query, CancellationToken ct = default)
    {
        var page = Math.Clamp(query.Page, 1, MaxPage);
        var pageSize = Math.Clamp(query.PageSize, 1, UserQuery.MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var users = Search(db, query.Search, normalizer);
        var total = query.CountTotal ? await users.CountAsync(ct) : -1;
        var seek = query.Cursor is null ? UserSeek.First : query.Seek;
        // One row more than a page tells whether another page lies beyond; in query order it is the farthest one.
        var rows = seek != UserSeek.First
            ? await UserKeyset.Seek(users, query.Cursor!, seek).Take(pageSize + 1).Select(Basics).ToListAsync(ct)
            : total == 0 || (total > 0 && total <= (page - 1) * pageSize)
                ? []
                : await users.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
                    .Skip((page - 1) * pageSize).Take(pageSize + 1)
                    .Select(Basics)
                    .ToListAsync(ct);
        var more = rows.Count > pageSize;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (seek == UserSeek.Before)
        {
            rows.Reverse();
        }

        // Going back, the page we came from follows; going forward, this page is not the first.
        var hasNext = seek == UserSeek.Before ? rows.Count > 0 : more;
        var hasPrevious = seek == UserSeek.Before ? more : seek == UserSeek.After || page > 1;
        return new UserPage(await CompleteAsync(db, rows, ct), total, page, pageSize,
            hasNext && rows.Count > 0 ? Cursor(rows[^1]).Encode() : null,
            hasPrevious && rows.Count > 0 ? Cursor(rows[0]).Encode() : null);
    }

    private static UserCursor Cursor(UserBasics row) => new(Utc(row.CreatedAt), row.Id);

    public async Task<UserDetails?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var basics = await db.Users.Where(u => u.Id == id).Select(Basics).FirstOrDefaultAsync(ct);
        if (basics is null)
        {
            return null;
        }

        var row = (await CompleteAsync(db, [basics], ct))[0];
        var bindings = await db.UserBindings.Where(b => b.UserId == id)
            .OrderBy(b => b.Authenticator!.Sort).ThenBy(b => b.AuthenticatorId)
            .Select(b => new
            {
                b.Authenticator!.Name,
                b.Authenticator.Title,
                b.Authenticator.Type,
                b.Nick,
                b.AvatarUrl,
                b.ProviderKey,
                b.FirstSignInAt,
                b.LastSignInAt,
            })
            .ToListAsync(ct);
        return new UserDetails(row, basics.HasPassword, [.. bindings.Select(b => providers.Find(b.Type)?.Definition is { } provider
            ? new UserBindingView(b.Name, titles.Of(b.Name, b.Title, b.Type), b.Type, b.Nick, b.AvatarUrl, b.ProviderKey, Utc(b.FirstSignInAt), Utc(b.LastSignInAt),
                provider.ProviderKeyName, localizers.Create(provider.Failures.TextResource)[provider.ProviderKeyTitleKey])
            : new UserBindingView(b.Name, titles.Of(b.Name, b.Title, b.Type), b.Type, b.Nick, b.AvatarUrl, b.ProviderKey, Utc(b.FirstSignInAt), Utc(b.LastSignInAt)))]);
    }

    public async Task<StoreResult<bool>> RemoveBindingAsync(string userId, string authenticatorName, string? keepSessionId = null, CancellationToken ct = default)
    {
        // UserManager and the binding share one scoped context, so the removal and the new stamp commit together.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);

        var binding = await db.UserBindings.Include(b => b.User)
            .FirstOrDefaultAsync(b => b.UserId == userId && b.Authenticator!.Name == authenticatorName, ct);
        if (binding?.User is not { } user)
        {
            return StoreResult<bool>.NotFound();
        }

        var otherBindings = await db.UserBindings.CountAsync(b => b.UserId == userId && b.Id != binding.Id, ct);
        if (otherBindings == 0 && !await users.HasPasswordAsync(user))
        {
            return StoreResult<bool>.Conflict(L["LastSignInMethod"]);
        }

        db.UserBindings.Remove(binding);
        BlazorAuth.Features.Audit.AuditTrail.Stage(db, clock, BlazorAuth.Features.Audit.AuditEventTypes.AccountUnlinked, await actor.IdAsync(), userId, authenticatorName);
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Removing the binding failed: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }

        await tx.CommitAsync(ct);
        await scope.ServiceProvider.GetRequiredService<SessionDirectory>().EndAllAsync(userId, keepSessionId, ct, await actor.IdAsync());
        logger.LogInformation("Binding of user {UserId} to authenticator {Authenticator} removed; the user's security stamp changed.", userId, authenticatorName);
        return StoreResult<bool>.Ok(true);
    }

    /// <summary>
    /// The users matching <paramref name="search"/> by prefix. On SQL Server a prefix LIKE seeks the index (and the default
    /// collation ignores case). SQLite's LIKE never uses an ordinary index, so there the prefix is a range on the column,
    /// and the display name, which SQLite compares case-sensitively, is tried as typed, lower, upper and capitalised.
    /// </summary>
    internal static IQueryable<AppUser> Search(AppDbContext db, string? search, ILookupNormalizer normalizer)
    {
        var term = search?.Trim();
        if (string.IsNullOrEmpty(term))
        {
            return db.Users;
        }

        if (term.Length > UserQuery.MaxSearchLength)
        {
            term = term[..UserQuery.MaxSearchLength];
        }

        var sqlite = db.Database.IsSqlite();
        var prefixes = new List<(string Column, string Prefix)>();
        foreach (var name in sqlite || db.Database.IsNpgsql() ? CaseVariants(term) : [term])
        {
            prefixes.Add((nameof(AppUser.DisplayName), name));
        }

        prefixes.Add((nameof(AppUser.NormalizedUserName), normalizer.NormalizeName(term)));
        prefixes.Add((nameof(AppUser.NormalizedEmail), normalizer.NormalizeEmail(term)));
        if (PhoneNumbers.Normalize(term) is { } phone)
        {
            prefixes.Add((nameof(AppUser.NormalizedPhoneNumber), phone));
        }

        return db.Users.Where(AnyStartsWith(prefixes.Distinct(), sqlite));
    }

    private static IEnumerable<string> CaseVariants(string term) =>
        new[]
        {
            term,
            term.ToLowerInvariant(),
            term.ToUpperInvariant(),
            char.ToUpperInvariant(term[0]) + term[1..].ToLowerInvariant(),
            System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(term.ToLowerInvariant()),
        }.Distinct(StringComparer.Ordinal);

    private static Expression<Func<AppUser, bool>> AnyStartsWith(IEnumerable<(string Column, string Prefix)> prefixes, bool sqlite)
    {
        var user = Expression.Parameter(typeof(AppUser), "u");
        Expression? any = null;
        foreach (var (column, prefix) in prefixes)
        {
            var value = Expression.Property(user, column);
            Expression predicate = sqlite
                ? Expression.AndAlso(
                    Expression.GreaterThanOrEqual(Expression.Call(Compare, value, Parameter(prefix)), Expression.Constant(0)),
                    // U+10FFFF sorts after every character, so this bounds exactly the strings that start with the prefix.
                    Expression.LessThan(Expression.Call(Compare, value, Parameter(prefix + "\U0010FFFF")), Expression.Constant(0)))
                : Expression.Call(value, StartsWith, Parameter(prefix));
            any = any is null ? predicate : Expression.OrElse(any, predicate);
        }

        return Expression.Lambda<Func<AppUser, bool>>(any ?? Expression.Constant(true), user);
    }

    private static readonly System.Reflection.MethodInfo Compare =
        typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private static readonly System.Reflection.MethodInfo StartsWith =
        typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;

    // A captured value, so that EF sends the term as a SQL parameter rather than inlining it into a new query shape.
    private static MemberExpression Parameter(string value) =>
        Expression.Property(Expression.Constant(new Captured(value)), nameof(Captured.Value));

    private sealed record Captured(string Value);

    private sealed record UserBasics(
        string Id, string? DisplayName, string? UserName, string? Email, string? PhoneNumber, string? AvatarUrl,
        DateTime CreatedAt, bool LockoutEnabled, DateTimeOffset? LockoutEnd, DateTime? LockedByAdminAt, bool HasPassword);

    private static readonly Expression<Func<AppUser, UserBasics>> Basics = u => new UserBasics(
        u.Id, u.DisplayName, u.UserName, u.Email, u.PhoneNumber, u.AvatarUrl,
        u.CreatedAt, u.LockoutEnabled, u.LockoutEnd, u.LockedByAdminAt, u.PasswordHash != null);

    /// <summary>Adds roles and bound authenticators to one page of users: two indexed lookups by user id.</summary>
    private async Task<List<UserRow>> CompleteAsync(AppDbContext db, List<UserBasics> users, CancellationToken ct)
    {
        if (users.Count == 0)
        {
            return [];
        }

        var ids = users.Select(u => u.Id).ToList();
        var roles = (await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(ct))
            .ToLookup(r => r.UserId, r => r.Name ?? "");
        var bound = (await db.UserBindings.Where(b => ids.Contains(b.UserId))
                .OrderBy(b => b.Authenticator!.Sort).ThenBy(b => b.AuthenticatorId)
                .Select(b => new { b.UserId, b.Authenticator!.Name, b.Authenticator.Title, b.Authenticator.Type })
                .ToListAsync(ct))
            .ToLookup(b => b.UserId, b => new BoundAuthenticator(b.Name, titles.Of(b.Name, b.Title, b.Type), b.Type));

        var now = clock.GetUtcNow();
        return [.. users.Select(u => new UserRow(
            u.Id, u.DisplayName, u.UserName, u.Email, u.PhoneNumber, u.AvatarUrl,
            [.. roles[u.Id].Order(StringComparer.Ordinal)],
            Utc(u.CreatedAt),
            u.LockoutEnd,
            u.LockedByAdminAt is not null || (u.LockoutEnabled && u.LockoutEnd > now),
            u.LockedByAdminAt is not null,
            [.. bound[u.Id]]))];
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
