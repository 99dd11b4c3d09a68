namespace BlazorAuth.Features.DingTalk.Sandbox;

/// <summary>"DingTalk:Sandbox": a fake DingTalk for Development and tests. Refused in Production.</summary>
public sealed class SandboxOptions
{
    public const string Section = "DingTalk:Sandbox";

    /// <summary>A Client ID the sandbox's app-token call always refuses, whatever the secret: "Test connection" says why.</summary>
    public const string WrongSecretClientId = "dingsandboxwrongsecret";

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

/// <param name="CorpIds">The demo organisations the person belongs to; none is a personal DingTalk account.</param>
public sealed record SandboxUser(
    string UnionId, string OpenId, string Nick, string? Mobile, string StateCode, string? Email, string? AvatarUrl, IReadOnlyList<string>? CorpIds = null)
{
    public IReadOnlyList<string> Organisations => CorpIds ?? [];
}

/// <summary>A demo DingTalk organisation the authorize page offers when the scope asks for "corpid".</summary>
public sealed record SandboxOrganisation(string CorpId, string Name);

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
