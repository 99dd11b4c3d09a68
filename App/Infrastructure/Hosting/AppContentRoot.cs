namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>
/// The host takes the working directory as its content root. A published app started from another folder (a
/// systemd unit without WorkingDirectory, a script that cds elsewhere) would then run silently without its
/// appsettings.json, so with no rate limits, log levels or session settings of its own, and without wwwroot.
/// When the working directory holds no appsettings.json but the app's own folder does, the app's folder is the
/// content root. An explicit content root (argument or environment) always wins.
/// </summary>
public static class AppContentRoot
{
    private const string SettingsFile = "appsettings.json";

    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Choose(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
    };

    internal static string? Choose(string[] args, string workingDirectory, string appDirectory)
    {
        var explicitRoot = new ConfigurationBuilder().AddCommandLine(args).Build()[WebHostDefaults.ContentRootKey]
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")
            ?? Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT");
        if (explicitRoot is not null || File.Exists(Path.Combine(workingDirectory, SettingsFile)))
        {
            return null;
        }

        return File.Exists(Path.Combine(appDirectory, SettingsFile)) ? appDirectory : null;
    }
}
