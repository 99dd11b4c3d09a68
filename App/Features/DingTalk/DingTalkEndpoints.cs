using BlazorAuth.Features.DingTalk.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.DingTalk;

/// <summary>Where DingTalk's login page and API are: configuration, or the app's own sandbox when that is on.</summary>
public sealed class DingTalkEndpoints(IOptionsMonitor<DingTalkConfiguration> configuration, IOptionsMonitor<SandboxOptions> sandbox, IServer server)
{
    public (string LoginBaseUrl, string ApiBaseUrl) Resolve()
    {
        if (SandboxRoot() is { } root)
        {
            return (root, root);
        }

        return (configuration.CurrentValue.LoginBaseUrl, configuration.CurrentValue.ApiBaseUrl);
    }

    /// <summary>Where the in-app sign-in's calls and script are: configuration, or the sandbox's stand-ins.</summary>
    public (string ApiBaseUrl, string OapiBaseUrl, string JsApiUrl) ResolveInApp()
    {
        if (SandboxRoot() is { } root)
        {
            return (root, root, SandboxEndpoints.BasePath + SandboxInApp.JsApiPath);
        }

        var current = configuration.CurrentValue;
        return (current.ApiBaseUrl, current.OapiBaseUrl, current.JsApiUrl);
    }

    /// <summary>Whether the sandbox stands in for DingTalk (Development only: the sandbox refuses to start in Production).</summary>
    public bool IsSandbox => sandbox.CurrentValue.Enabled;

    private string? SandboxRoot()
    {
        if (sandbox.CurrentValue.Enabled)
        {
            // Derived from the bound address at run time, so the sandbox works on any port.
            var self = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The DingTalk sandbox needs the server's address, and the server has none yet.");
            var root = self.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .TrimEnd('/') + SandboxEndpoints.BasePath;
            return root;
        }

        return null;
    }
}
