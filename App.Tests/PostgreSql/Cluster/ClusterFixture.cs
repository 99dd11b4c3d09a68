using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorAuth.Tests.PostgreSql.Cluster;

/// <summary>
/// scripts/cluster.sh with the published app (BLAZORAUTH_CLUSTER_PUBLISH, set by test.sh): a private PostgreSQL, two
/// instances, nginx. Its DingTalk is the sandbox of an app in this process, so a test can add DingTalk people.
/// The instances poll and revalidate only hourly: whatever reaches the other instance sooner came by LISTEN/NOTIFY.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const string PublishVariable = "BLAZORAUTH_CLUSTER_PUBLISH";

    /// <summary>Sandbox app 0 (<see cref="DingTalkApp.ClientId"/>) accepts these authenticators' callbacks on nginx.</summary>
    public static readonly string[] Authenticators = ["cluster", "cluster-disable", "cluster-race", "cluster-session", "cluster-kill"];

    /// <summary>Sandbox app 1 is this client, for the authenticator whose secret a test rotates.</summary>
    public const string RotatingClientId = "cluster-rotating";
    public const string RotatingAuthenticator = "cluster-secret";
    public const string RotatingOldSecret = "rotating-secret-old";

    private readonly StringBuilder output = new();
    private Process? script;
    private string? folder;

    public static string? Publish => Environment.GetEnvironmentVariable(PublishVariable) is { Length: > 0 } value ? value : null;

    public TestApp DingTalk { get; private set; } = null!;

    public SandboxState Sandbox => DingTalk.Services.GetRequiredService<SandboxState>();

    public Uri Nginx { get; private set; } = null!;

    public Uri A { get; private set; } = null!;

    public Uri B { get; private set; } = null!;

    public int PidA { get; private set; }

    public int PidB { get; private set; }

    public string Postgres { get; private set; } = null!;

    public string AdminEmail { get; private set; } = null!;

    public string AdminPassword { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Publish is null)
        {
            return;
        }

        var port = FreePort();
        var settings = DingTalkApp.Settings(new Dictionary<string, string?>
        {
            ["DingTalk:Sandbox:Apps:1:ClientId"] = RotatingClientId,
            ["DingTalk:Sandbox:Apps:1:ClientSecret"] = RotatingOldSecret,
            ["DingTalk:Sandbox:Apps:1:RedirectUris:0"] = Callback(port, RotatingAuthenticator),
        });
        for (var i = 0; i < Authenticators.Length; i++)
        {
            settings[$"DingTalk:Sandbox:Apps:0:RedirectUris:{i}"] = Callback(port, Authenticators[i]);
        }

        DingTalk = new TestApp(settings: settings);
        var sandbox = new Uri(DingTalk.BaseAddress, SandboxEndpoints.BasePath).ToString();
        folder = Directory.CreateTempSubdirectory("blazorauth-cluster-test").FullName;
        var envFile = Path.Combine(folder, "cluster.env");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepoPaths.Root, "scripts", "cluster.sh"), "--publish", Publish, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--dingtalk", sandbox, "--env-file", envFile },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["Authenticators__SnapshotRefreshInterval"] = "01:00:00",
                ["Security__SessionRevalidationInterval"] = "01:00:00",
            },
        };
        start.Environment.Remove(TestDatabase.PostgresVariable);
        script = Process.Start(start)!;
        script.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.BeginErrorReadLine();
        script.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!File.Exists(envFile))
        {
            if (script.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("scripts/cluster.sh did not start the cluster:\n" + Output);
            }

            await Task.Delay(200);
        }

        var env = File.ReadAllLines(envFile).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Nginx = new Uri(env["CLUSTER_URL"] + "/");
        var urls = env["CLUSTER_INSTANCE_URLS"].Split(' ');
        var pids = env["CLUSTER_INSTANCE_PIDS"].Split(' ').Select(int.Parse).ToArray();
        (A, B, PidA, PidB) = (new Uri(urls[0] + "/"), new Uri(urls[1] + "/"), pids[0], pids[1]);
        Postgres = env["CLUSTER_POSTGRES"];
        (AdminEmail, AdminPassword) = (env["CLUSTER_ADMIN_EMAIL"], env["CLUSTER_ADMIN_PASSWORD"]);

        using var admin = await AdminOnAsync(A);
        await admin.SetPluginActiveAsync(true);
        foreach (var name in Authenticators)
        {
            await admin.AddAuthenticatorAsync(name);
        }

        await admin.AddAuthenticatorAsync(RotatingAuthenticator, clientId: RotatingClientId, clientSecret: RotatingOldSecret);
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public async Task<DingTalkAdmin> AdminOnAsync(Uri instance)
    {
        var browser = new BrowserClient(instance);
        (await browser.SignInAsync(AdminEmail, AdminPassword)).Dispose();
        Assert.True(browser.HasSessionCookie(), "The cluster's admin could not sign in.\n" + Output);
        return new DingTalkAdmin(browser);
    }

    public async Task DisposeAsync()
    {
        if (script is { HasExited: false })
        {
            // TERM, not KILL: the script's trap stops nginx, the instances and PostgreSQL by their PIDs.
            using (var kill = Process.Start("kill", ["-TERM", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await script.WaitForExitAsync(timeout.Token);
        }

        script?.Dispose();
        if (DingTalk is not null)
        {
            DingTalk.Dispose();
            DingTalk.Database.Dispose();
        }

        if (folder is not null)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Callback(int port, string authenticator) => $"http://127.0.0.1:{port}/auth/dingtalk/{authenticator}/callback";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A second cluster of its own for the test that kills an instance.</summary>
public sealed class KilledClusterFixture : ClusterFixture;

[CollectionDefinition("Cluster", DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>Needs scripts/cluster.sh and a published app: skipped unless BLAZORAUTH_CLUSTER_PUBLISH is set (test.sh sets it).</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (ClusterFixture.Publish is null)
        {
            Skip = $"Needs a published app in {ClusterFixture.PublishVariable} (test.sh sets it).";
        }
    }
}
