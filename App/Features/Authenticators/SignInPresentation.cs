using System.Text.Json;

namespace BlazorAuth.Features.Authenticators;

/// <summary>What an auth type's options may say about its place on /signin. Options that do not implement it always show.</summary>
public interface ISignInPresentation
{
    /// <summary>False: nothing on /signin, while the type's own URLs keep working.</summary>
    bool ShowOnSignIn { get; }

    /// <summary>/signin goes straight to the type's login URL when this is the only thing it would show.</summary>
    bool RedirectWhenAlone { get; }
}

public static class SignInPresentation
{
    public static ISignInPresentation? Of(AuthTypeDefinition type, Authenticator authenticator) =>
        JsonSerializer.Deserialize(authenticator.OptionsJson, type.OptionsType, AuthenticatorStore.Json) as ISignInPresentation;

    public static bool Shows(AuthTypeDefinition type, Authenticator authenticator) => Of(type, authenticator)?.ShowOnSignIn ?? true;
}
