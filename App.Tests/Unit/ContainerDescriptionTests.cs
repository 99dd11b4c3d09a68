using System.Text.RegularExpressions;
using System.Xml.Linq;
using BlazorAuth.Tests.Support;

namespace BlazorAuth.Tests.Unit;

/// <summary>
/// The image cannot be built here (no registry), so both of its descriptions are checked as text: the SDK's container
/// properties and the Dockerfile say the same user, port, entry point, environment and data volume.
/// </summary>
public sealed partial class ContainerDescriptionTests
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__Default"] = "Data Source=/data/blazorauth.db",
        ["Admin__DataDirectory"] = "/data",
    };

    [Fact]
    public void The_sdk_container_runs_as_the_non_root_app_user_on_8080_with_its_data_under_data()
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.App, "App.csproj"));

        Assert.Equal("app", Single(project, "ContainerUser"));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Single(project, "ContainerBaseImage"), StringComparison.Ordinal);
        Assert.Equal(["8080"], project.Descendants("ContainerPort").Select(p => (string)p.Attribute("Include")!));
        var environment = project.Descendants("ContainerEnvironmentVariable")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Value")!, StringComparer.Ordinal);
        Assert.Equal(Environment, environment);
    }

    [Fact]
    public void The_dockerfile_describes_the_same_image()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));
        var final = dockerfile[dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)..];

        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", final, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^USER app$", final);
        Assert.Matches(@"(?m)^EXPOSE 8080$", final);
        Assert.Matches(@"(?m)^VOLUME /data$", final);
        Assert.Matches(@"(?m)^RUN mkdir -p /data && chown app:app /data$", final);
        Assert.Matches(@"(?m)^ENTRYPOINT \[""dotnet"", ""App.dll""\]$", final);
        Assert.True(final.IndexOf("USER app", StringComparison.Ordinal) > final.IndexOf("chown", StringComparison.Ordinal),
            "The volume must be owned before the image drops to the app user.");
        var environment = EnvPair().Matches(final).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'), StringComparer.Ordinal);
        Assert.Equal(Environment, environment);
    }

    private static string Single(XDocument project, string name) => Assert.Single(project.Descendants(name)).Value;

    [GeneratedRegex(@"(?m)(?:ENV |^\s+)([A-Za-z_]+)=(""[^""]*""|\S+)")]
    private static partial Regex EnvPair();
}
