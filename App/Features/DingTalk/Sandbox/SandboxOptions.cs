namespace BlazorAuth.Features.DingTalk.Sandbox;

/// <summary>"DingTalk:Sandbox": a fake DingTalk for Development and tests. Refused in Production.</summary>
public sealed class SandboxOptions
{
    public const string Section = "DingTalk:Sandbox";

    public bool Enabled { get; set; }

    public List<SandboxApp> Apps { get; set; } = [];
}

public sealed class SandboxApp
{
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>The registered redirect URLs. Empty: any URL on the sandbox's own origin under /auth/dingtalk/.</summary>
    public List<string> RedirectUris { get; set; } = [];
}

public sealed record SandboxUser(string UnionId, string OpenId, string Nick, string? Mobile, string StateCode, string? Email, string? AvatarUrl);

/// <summary>Ways the sandbox can be told to misbehave, one per failure the app must explain.</summary>
public enum SandboxFault
{
    None,
    PermissionDenied,
    ServerError,
    Hang,
    Malformed,
    MissingMobile,
    MissingUnionId,
    CodeNotFound,
}
