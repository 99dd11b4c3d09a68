using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using Microsoft.AspNetCore.Components;

namespace BlazorAuth.Tests.Unit;

/// <summary>An auth type whose components do not take the parameters the console and /signin pass is refused when it registers.</summary>
public sealed class AuthTypeComponentsTests
{
    private static AuthTypeDefinition TypeWith(Type settings, Type signIn) =>
        new("broken", "auth-broken", typeof(DingTalkText), "TypeTitle", typeof(DingTalkAuthenticatorOptions), settings, signIn, SignInKind.Button, []);

    [Fact]
    public void A_sign_in_component_without_a_ReturnUrl_parameter_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => AuthTypeComponents.Verify(TypeWith(typeof(DingTalkSettingsForm), typeof(NoReturnUrl))));

        Assert.Contains("ReturnUrl", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_DingTalk_components_take_the_parameters_they_are_given() =>
        AuthTypeComponents.Verify(TypeWith(typeof(DingTalkSettingsForm), typeof(DingTalkSignInButton)));

    private sealed class NoReturnUrl : ComponentBase
    {
        [Parameter]
        public Authenticator Authenticator { get; set; } = default!;

        public string? ReturnUrl { get; set; }
    }
}
