using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.PostgreSql;

/// <summary>
/// A test that needs a real PostgreSQL server: skipped unless <c>BLAZORAUTH_TEST_POSTGRES</c> is set, as test.sh does in
/// its PostgreSQL pass. Classes holding such tests carry <c>[Trait("Database", "PostgreSql")]</c>, which is how test.sh
/// leaves them out of the SQLite pass and picks them for the PostgreSQL one.
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (TestDatabase.PostgresServer is null)
        {
            Skip = $"Needs a PostgreSQL server in {TestDatabase.PostgresVariable} (test.sh starts one).";
        }
    }
}
