namespace BlazorAuth.Features.Users;

/// <summary>The keyset predicates of the user list's order (CreatedAt descending, then Id ascending).</summary>
internal static class UserKeyset
{
    public static IQueryable<AppUser> Seek(IQueryable<AppUser> users, UserCursor cursor, UserSeek seek)
    {
        var at = cursor.CreatedAt;
        var id = cursor.Id;
        return seek == UserSeek.Before
            ? users.Where(u => u.CreatedAt > at || (u.CreatedAt == at && string.Compare(u.Id, id) < 0))
                .OrderBy(u => u.CreatedAt).ThenByDescending(u => u.Id)
            : users.Where(u => u.CreatedAt < at || (u.CreatedAt == at && string.Compare(u.Id, id) > 0))
                .OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id);
    }
}
