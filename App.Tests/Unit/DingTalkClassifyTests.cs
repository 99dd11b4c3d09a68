using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.SignIn;
using Microsoft.AspNetCore.Authentication;

namespace BlazorAuth.Tests.Unit;

/// <summary>Which fixed error code, and which permission name, a failed DingTalk sign-in shows.</summary>
public sealed class DingTalkClassifyTests
{
    [Theory]
    [InlineData(DingTalkFailure.StateInvalid, SignInErrors.StateInvalid)]
    [InlineData(DingTalkFailure.StateExpired, SignInErrors.StateExpired)]
    [InlineData(DingTalkFailure.StateReplayed, SignInErrors.StateReplayed)]
    [InlineData(DingTalkFailure.ConsentDenied, SignInErrors.ConsentDenied)]
    [InlineData(DingTalkFailure.ProviderError, SignInErrors.ProviderError)]
    [InlineData(DingTalkFailure.CodeInvalid, SignInErrors.CodeInvalid)]
    [InlineData(DingTalkFailure.InvalidClient, SignInErrors.InvalidClient)]
    [InlineData(DingTalkFailure.Unavailable, SignInErrors.Unavailable)]
    [InlineData(DingTalkFailure.Timeout, SignInErrors.Timeout)]
    [InlineData(DingTalkFailure.MalformedResponse, SignInErrors.MalformedResponse)]
    [InlineData(DingTalkFailure.TokenMissing, SignInErrors.TokenMissing)]
    [InlineData(DingTalkFailure.MissingMobile, SignInErrors.MissingMobile)]
    [InlineData(DingTalkFailure.MissingUnionId, DingTalkSignInFailures.MissingUnionId)]
    public void Each_DingTalk_failure_has_its_own_code(DingTalkFailure failure, string code) =>
        Assert.Equal((code, null), Classify(new DingTalkAuthenticationException(failure, "x")));

    [Fact]
    public void Every_failure_kind_maps_to_a_code_with_a_message()
    {
        foreach (var failure in Enum.GetValues<DingTalkFailure>())
        {
            var (code, _) = Classify(new DingTalkAuthenticationException(failure, "x"));
            Assert.True(SignInErrors.MessageKeys.ContainsKey(code) || DingTalkSignInFailures.MessageKeys.ContainsKey(code), $"{failure} → {code} has no message.");
        }
    }

    [Fact]
    public void A_missing_permission_names_the_first_scope_the_page_knows()
    {
        var failure = new DingTalkAuthenticationException(DingTalkFailure.PermissionDenied, "x", requiredScopes: ["Calendar.Event.Read", "Contact.User.mobile"]);

        Assert.Equal((SignInErrors.PermissionDenied, "Contact.User.mobile"), Classify(failure));
    }

    [Fact]
    public void A_missing_permission_with_only_unknown_scopes_names_none()
    {
        var failure = new DingTalkAuthenticationException(DingTalkFailure.PermissionDenied, "x", requiredScopes: ["<script>alert(1)</script>"]);

        Assert.Equal((SignInErrors.PermissionDenied, null), Classify(failure));
    }

    [Fact]
    public void Scopes_are_only_named_for_a_missing_permission()
    {
        var failure = new DingTalkAuthenticationException(DingTalkFailure.MissingMobile, "x", requiredScopes: ["Contact.User.mobile"]);

        Assert.Equal((SignInErrors.MissingMobile, null), Classify(failure));
    }

    [Fact]
    public void An_error_DingTalk_sent_back_on_the_callback_is_a_cancelled_sign_in()
    {
        var failure = new AuthenticationFailureException("error");
        failure.Data["error"] = "invalid_request";

        Assert.Equal((SignInErrors.ConsentDenied, null), Classify(failure));
    }

    [Theory]
    [InlineData("The oauth state was missing or invalid.")]
    [InlineData("Correlation failed.")]
    public void The_stock_handlers_own_refusals_are_an_unverifiable_state(string message) =>
        Assert.Equal((SignInErrors.StateInvalid, null), Classify(new AuthenticationFailureException(message)));

    [Fact]
    public void No_failure_at_all_is_an_unverifiable_state() =>
        Assert.Equal((SignInErrors.StateInvalid, null), Classify(null));

    /// <summary>The core's classification with DingTalk's failures, as (code, scope).</summary>
    private static (string Code, string? Scope) Classify(Exception? failure) =>
        ExternalSignInEvents.Classify(DingTalkSignInFailures.Definition, failure) is var f ? (f.Code, f.Permission) : default;
}
