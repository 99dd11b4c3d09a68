using System.Text.Json;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.SignIn;

namespace BlazorAuth.Features.DingTalk.InApp;

/// <summary>
/// Decides whether /signin starts DingTalk's in-app sign-in: DingTalk's client (its user agent says "DingTalk"), the
/// micro-app home's ?corpId= naming the organisation of an enabled authenticator with in-app sign-in on. A link opened
/// from a chat has no corpId and stays quiet. The sandbox's "as inside DingTalk" switch counts only while the sandbox
/// stands in for DingTalk, which it never does in Production.
/// </summary>
public sealed class DingTalkInAppStart(AuthenticatorSnapshot authenticators, DingTalkEndpoints endpoints, IHostEnvironment environment) : ISignInAutoStart
{
    public const string CorpIdParameter = "corpId";

    public SignInAutoStartComponent? For(HttpContext http, string? returnUrl)
    {
        var corpId = http.Request.Query[CorpIdParameter].ToString();
        if (corpId.Length == 0 || !IsDingTalkClient(http))
        {
            return null;
        }

        foreach (var authenticator in authenticators.Usable().Where(a => a.Type == DingTalkPlugin.TypeName))
        {
            var settings = JsonSerializer.Deserialize<DingTalkAuthenticatorOptions>(authenticator.OptionsJson, AuthenticatorStore.Json);
            if (settings is { InAppSignIn: true, ClientId.Length: > 0 } && string.Equals(settings.InAppCorpId, corpId, StringComparison.Ordinal))
            {
                return new SignInAutoStartComponent(typeof(DingTalkInAppForm), new Dictionary<string, object?>
                {
                    [nameof(DingTalkInAppForm.Authenticator)] = authenticator.Name,
                    [nameof(DingTalkInAppForm.CorpId)] = corpId,
                    [nameof(DingTalkInAppForm.ClientId)] = settings.ClientId,
                    [nameof(DingTalkInAppForm.ReturnUrl)] = returnUrl,
                    [nameof(DingTalkInAppForm.JsApiUrl)] = endpoints.ResolveInApp().JsApiUrl,
                });
            }
        }

        return null;
    }

    private bool IsDingTalkClient(HttpContext http) =>
        http.Request.Headers.UserAgent.ToString().Contains("DingTalk", StringComparison.OrdinalIgnoreCase)
        || (endpoints.IsSandbox && !environment.IsProduction() && http.Request.Cookies[Sandbox.SandboxInApp.ClientSwitchCookie] == "1");
}
