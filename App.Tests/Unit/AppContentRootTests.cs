using BlazorAuth.Infrastructure.Hosting;

namespace BlazorAuth.Tests.Unit;

public sealed class AppContentRootTests : IDisposable
{
    private readonly string working = Directory.CreateTempSubdirectory("blazorauth-cwd-").FullName;
    private readonly string app = Directory.CreateTempSubdirectory("blazorauth-app-").FullName;

    public AppContentRootTests() => File.WriteAllText(Path.Combine(app, "appsettings.json"), "{}");

    [Fact]
    public void Started_from_a_folder_without_settings_the_app_folder_is_the_content_root()
    {
        Assert.Equal(app, AppContentRoot.Choose([], working, app));
    }

    [Fact]
    public void Started_from_a_folder_with_its_own_settings_that_folder_stays_the_content_root()
    {
        File.WriteAllText(Path.Combine(working, "appsettings.json"), "{}");

        Assert.Null(AppContentRoot.Choose([], working, app));
    }

    [Fact]
    public void An_explicit_content_root_argument_wins()
    {
        Assert.Null(AppContentRoot.Choose(["--contentRoot", "/srv/blazorauth"], working, app));
    }

    [Fact]
    public void Without_settings_anywhere_the_host_default_is_kept()
    {
        File.Delete(Path.Combine(app, "appsettings.json"));

        Assert.Null(AppContentRoot.Choose([], working, app));
    }

    public void Dispose()
    {
        Directory.Delete(working, recursive: true);
        Directory.Delete(app, recursive: true);
    }
}
