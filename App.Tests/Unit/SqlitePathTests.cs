using BlazorAuth.Infrastructure.Data;
using Microsoft.Data.Sqlite;

namespace BlazorAuth.Tests.Unit;

public sealed class SqlitePathTests : IDisposable
{
    private readonly string contentRoot = Path.Combine(Path.GetTempPath(), "blazorauth-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(contentRoot))
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    private static string DataSource(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    [Fact]
    public void Relative_path_resolves_against_the_content_root_not_the_working_directory()
    {
        var resolved = SqlitePath.Resolve("Data Source=App_Data/sub/app.db", contentRoot);

        Assert.Equal(Path.Combine(contentRoot, "App_Data", "sub", "app.db"), DataSource(resolved));
    }

    [Fact]
    public void Missing_folder_is_created()
    {
        SqlitePath.Resolve("Data Source=App_Data/sub/app.db", contentRoot);

        Assert.True(Directory.Exists(Path.Combine(contentRoot, "App_Data", "sub")));
    }

    [Fact]
    public void Absolute_path_is_kept_and_its_folder_created()
    {
        var file = Path.Combine(contentRoot, "elsewhere", "app.db");

        var resolved = SqlitePath.Resolve($"Data Source={file}", "/nonexistent-root");

        Assert.Equal(file, DataSource(resolved));
        Assert.True(Directory.Exists(Path.Combine(contentRoot, "elsewhere")));
    }

    [Fact]
    public void Other_settings_of_the_connection_string_are_kept()
    {
        var resolved = new SqliteConnectionStringBuilder(SqlitePath.Resolve("Data Source=app.db;Cache=Shared;Default Timeout=7", contentRoot));

        Assert.Equal(SqliteCacheMode.Shared, resolved.Cache);
        Assert.Equal(7, resolved.DefaultTimeout);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared")]
    public void In_memory_databases_are_left_untouched(string connectionString)
    {
        var resolved = SqlitePath.Resolve(connectionString, contentRoot);

        Assert.Equal(DataSource(connectionString), DataSource(resolved));
        Assert.False(Directory.Exists(contentRoot));
    }
}
