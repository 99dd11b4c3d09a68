using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace BlazorAuth.Features.Authenticators;

/// <summary>The parameters /signin gives an auth type's sign-in component (a form or a button).</summary>
public interface IAuthSignInComponent
{
    Authenticator Authenticator { get; set; }

    string? ReturnUrl { get; set; }
}

/// <summary>The parameters the drawer gives an auth type's settings form: its typed options, and the drawer's context.</summary>
public interface IAuthSettingsForm
{
    object Options { get; set; }

    AuthenticatorFormContext Context { get; set; }
}

/// <summary>
/// A <c>DynamicComponent</c> takes its parameters by name. The names come from the contracts above, and every registered
/// component is checked against them when its plugin registers, so a renamed parameter fails at start-up, not at the first render.
/// </summary>
public static class AuthTypeComponents
{
    public static Dictionary<string, object?> SignInParameters(Authenticator authenticator, string? returnUrl) => new()
    {
        [nameof(IAuthSignInComponent.Authenticator)] = authenticator,
        [nameof(IAuthSignInComponent.ReturnUrl)] = returnUrl,
    };

    public static Dictionary<string, object?> SettingsParameters(object options, AuthenticatorFormContext context) => new()
    {
        [nameof(IAuthSettingsForm.Options)] = options,
        [nameof(IAuthSettingsForm.Context)] = context,
    };

    public static void Verify(AuthTypeDefinition type)
    {
        Verify(type.Name, type.SignInComponent, typeof(IAuthSignInComponent));
        Verify(type.Name, type.SettingsComponent, typeof(IAuthSettingsForm));
    }

    private static void Verify(string typeName, Type component, Type contract)
    {
        foreach (var wanted in contract.GetProperties())
        {
            var parameter = component.GetProperty(wanted.Name, BindingFlags.Public | BindingFlags.Instance);
            if (parameter?.GetCustomAttribute<ParameterAttribute>() is null || !parameter.PropertyType.IsAssignableFrom(wanted.PropertyType))
            {
                throw new InvalidOperationException(
                    $"Auth type '{typeName}': {component.Name} needs a [Parameter] {wanted.PropertyType.Name} {wanted.Name} ({contract.Name}).");
            }
        }
    }
}
