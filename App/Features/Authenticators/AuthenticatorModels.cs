using System.Text.Json.Nodes;

namespace BlazorAuth.Features.Authenticators;

/// <summary>What an admin writes, from the drawer or the API. For a secret option, null or absent keeps the stored value.</summary>
public sealed record AuthenticatorInput(
    string? Name,
    string? Type,
    string? Title,
    string? Description,
    bool Enabled,
    JsonObject? Options);

/// <summary>An authenticator as the console and API show it: public options only, and which secrets are set.</summary>
public sealed record AuthenticatorView(
    int Id,
    string Name,
    string Type,
    string? Title,
    string? Description,
    bool Enabled,
    int Sort,
    bool PluginActive,
    JsonObject Options,
    IReadOnlyList<string> SecretsSet,
    string? RedirectUrl,
    DateTime CreatedAt,
    DateTime UpdatedAt);
