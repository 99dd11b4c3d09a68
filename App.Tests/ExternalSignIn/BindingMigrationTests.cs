using BlazorAuth.Features.DingTalk;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorAuth.Tests.ExternalSignIn;

/// <summary>The bindings made before the external sign-in core survive its migration, on a real SQLite file.</summary>
public sealed class BindingMigrationTests : IDisposable
{
    private const string BeforeCore = "20261201085041_AdminLock";

    private readonly TestDatabase database = new();

    private SqliteAppDbContext Open() =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={database.Path}").Options);

    [Fact]
    public async Task A_DingTalk_binding_keeps_its_unionId_as_provider_key_and_its_openId_as_an_extra()
    {
        await using (var before = Open())
        {
            await before.GetService<IMigrator>().MigrateAsync(BeforeCore);
            await before.Database.OpenConnectionAsync();
            // Only the binding matters here, so its user and authenticator rows are left out.
            await before.Database.ExecuteSqlRawAsync("""
                PRAGMA foreign_keys = OFF;
                INSERT INTO "UserBindings" ("AuthenticatorId", "UserId", "UnionId", "OpenId", "Nick", "AvatarUrl", "Email", "FirstSignInAt", "LastSignInAt")
                VALUES (7, 'user-1', 'union-1', 'open-"1"', 'Zhang San', 'https://static.example/1.png', 'zs@example.cn', '2026-01-01 08:00:00', '2026-01-02 09:00:00'),
                       (7, 'user-2', 'union-2', NULL, NULL, NULL, NULL, '2026-01-01 08:00:00', '2026-01-01 08:00:00');
                """);
        }

        // Its rows have no user nor authenticator, so the migration runs with foreign keys off too, on a connection of
        // its own: relying on the first connection coming back from the pool failed whenever a parallel test cleared it.
        await using var after = Open();
        await after.Database.OpenConnectionAsync();
        await after.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;");
        await after.Database.MigrateAsync();

        var bindings = await after.UserBindings.AsNoTracking().OrderBy(b => b.UserId).ToListAsync();
        Assert.Equal(["union-1", "union-2"], bindings.Select(b => b.ProviderKey));
        Assert.Equal("open-\"1\"", bindings[0].Extra(DingTalkProfile.OpenIdExtra));
        Assert.Null(bindings[1].Extras);
        Assert.Equal(("Zhang San", "https://static.example/1.png", "zs@example.cn"), (bindings[0].Nick, bindings[0].AvatarUrl, bindings[0].Email));
        Assert.Equal(new DateTime(2026, 1, 2, 9, 0, 0), bindings[0].LastSignInAt);
    }

    public void Dispose() => database.Dispose();
}
