namespace BlazorAuth.Features.Authenticators;

public enum SignInKind
{
    /// <summary>Rendered as a form on /signin (Password).</summary>
    Form,

    /// <summary>Rendered as a full-width button below the forms (DingTalk).</summary>
    Button,
}

/// <summary>
/// What a plugin contributes for one kind of authenticator. The list page, the drawer and /signin know only this.
/// </summary>
/// <param name="OptionsType">The typed options, bound from the camelCase JSON "options" object.</param>
/// <param name="SettingsComponent">Rendered in the drawer with parameters <c>Options</c> (an <paramref name="OptionsType"/>) and <c>Context</c>.</param>
/// <param name="SignInComponent">Rendered on /signin with parameters <c>Authenticator</c> and <c>ReturnUrl</c>.</param>
/// <param name="SecretFields">camelCase option names that are encrypted at rest and never sent back.</param>
/// <param name="CallbackPath">For a redirect-based type, the app-relative callback path of an authenticator name.</param>
/// <param name="LoginPath">For a redirect-based type, the app-relative path that starts its sign-in, which /signin may redirect to.</param>
public sealed record AuthTypeDefinition(
    string Name,
    string PluginName,
    Type TextResource,
    string TitleKey,
    Type OptionsType,
    Type SettingsComponent,
    Type SignInComponent,
    SignInKind SignInKind,
    IReadOnlyList<string> SecretFields,
    Func<string, string>? CallbackPath = null,
    Func<string, string>? LoginPath = null);
