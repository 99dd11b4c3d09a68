namespace BlazorAuth.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root, found by walking up from the test binaries to BlazorAuth.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string App => Path.Combine(Root, "App");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorAuth.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BlazorAuth.sln not found above " + AppContext.BaseDirectory);
    }
}
