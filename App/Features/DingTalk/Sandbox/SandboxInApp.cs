using System.Text.Json.Nodes;
using BlazorAuth.Features.DingTalk.InApp;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.DingTalk.Sandbox;

/// <summary>
/// The in-app sign-in in an ordinary browser: /_sandbox/dingtalk/app opens /signin "as inside DingTalk" for a chosen demo
/// person, a stand-in JSAPI asks the sandbox for that person's code, and the sandbox answers the two topapi calls
/// (the app token is the sandbox's /v1.0/oauth2/accessToken). Mapped only with the sandbox, which Production refuses.
/// </summary>
public static class SandboxInApp
{
    public const string AppPath = "/app";
    public const string JsApiPath = "/jsapi.js";
    public const string CodePath = "/jsapi/code";

    /// <summary>"This browser is inside DingTalk": read only while the sandbox is on, never in Production.</summary>
    public const string ClientSwitchCookie = "BlazorAuth.DingTalkSandbox.Client";

    /// <summary>The demo person the stand-in JSAPI asks a code for.</summary>
    public const string UserCookie = "BlazorAuth.DingTalkSandbox.User";

    public static RouteGroupBuilder MapSandboxInApp(this RouteGroupBuilder sandbox)
    {
        sandbox.MapGet(AppPath, (SandboxState state) => new RazorComponentResult(typeof(SandboxAppPage), new { Users = state.Users }));

        sandbox.MapGet(AppPath + "/open", (HttpContext http, SandboxState state, IStringLocalizer<SandboxText> L) =>
        {
            var corpId = http.Request.Query["corpId"].ToString();
            if (state.FindUser(http.Request.Query["user"].ToString()) is not { } user || !user.Organisations.Contains(corpId))
            {
                return Results.Problem(statusCode: 400, detail: L["NotInOrganisation"]);
            }

            var cookie = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" };
            http.Response.Cookies.Append(ClientSwitchCookie, "1", cookie);
            http.Response.Cookies.Append(UserCookie, user.UnionId, cookie);
            // What DingTalk opens: the micro app's home URL with $CORPID$ filled in.
            return Results.Redirect($"/signin?{DingTalkInAppStart.CorpIdParameter}={Uri.EscapeDataString(corpId)}");
        });

        sandbox.MapGet(JsApiPath, () => Results.Text(StandInJsApi, "text/javascript"));

        sandbox.MapPost(CodePath, async (HttpContext http, SandboxState state, IOptionsMonitor<SandboxOptions> options, CancellationToken ct) =>
        {
            var body = await SandboxEndpoints.ReadJsonAsync(http.Request, ct);
            var corpId = Text(body, "corpId");
            var clientId = Text(body, "clientId");
            if (state.FindUser(http.Request.Cookies[UserCookie] ?? "") is not { } user || corpId is null || !user.Organisations.Contains(corpId)
                || options.CurrentValue.Apps.All(a => a.ClientId != clientId))
            {
                return Results.Json(new { errorCode = "3", errorMessage = "not in this organisation or app" }, statusCode: 400);
            }

            return Results.Json(new { code = state.IssueInAppCode(clientId!, corpId, user.UnionId) });
        });

        sandbox.MapPost(DingTalkTopApi.GetUserInfoPath, async (HttpContext http, SandboxState state, CancellationToken ct) =>
        {
            var requestId = SandboxEndpoints.Stamp(http.Response, state);
            if (await Fault(state, requestId, ct) is { } fault)
            {
                return fault;
            }

            var clientId = state.ClientOfAppToken(http.Request.Query["access_token"]);
            if (clientId is null)
            {
                return TopError(40014, "不合法的access_token", requestId);
            }

            var body = await SandboxEndpoints.ReadJsonAsync(http.Request, ct);
            if (state.InAppFault == SandboxFault.CodeNotFound || state.RedeemInAppCode(Text(body, "code") ?? "", clientId) is not { } user)
            {
                return TopError(DingTalkTopApi.CodeNotFound, "不存在的临时授权码", requestId);
            }

            return Top(new JsonObject { ["userid"] = SandboxState.UserIdOf(user), ["unionid"] = user.UnionId, ["name"] = user.Nick }, requestId);
        });

        sandbox.MapPost(DingTalkTopApi.UserGetPath, async (HttpContext http, SandboxState state, CancellationToken ct) =>
        {
            var requestId = SandboxEndpoints.Stamp(http.Response, state);
            if (state.ClientOfAppToken(http.Request.Query["access_token"]) is null)
            {
                return TopError(40014, "不合法的access_token", requestId);
            }

            var body = await SandboxEndpoints.ReadJsonAsync(http.Request, ct);
            if (state.FindByUserId(Text(body, "userid")) is not { } user)
            {
                return TopError(60121, "找不到该用户", requestId);
            }

            var result = new JsonObject
            {
                ["userid"] = SandboxState.UserIdOf(user),
                ["unionid"] = state.InAppFault == SandboxFault.MissingUnionId ? null : user.UnionId,
                ["name"] = user.Nick,
                ["avatar"] = user.AvatarUrl,
                ["state_code"] = user.StateCode,
            };
            if (user.Mobile is not null && state.InAppFault != SandboxFault.MissingMobile)
            {
                result["mobile"] = user.Mobile;
            }

            if (user.Email is not null)
            {
                result["email"] = user.Email;
            }

            return Top(result, requestId);
        });

        return sandbox;
    }

    /// <summary>The new API's faults apply to topapi as DingTalk's topapi words them.</summary>
    private static async Task<IResult?> Fault(SandboxState state, string requestId, CancellationToken ct) => state.InAppFault switch
    {
        SandboxFault.PermissionDenied => Results.Json(new
        {
            errcode = DingTalkTopApi.SeeSubCode,
            errmsg = "ding talk error[subcode=60011,submsg=应用尚未开通所需的权限：[qyapi_get_member]]",
            sub_code = "60011",
            sub_msg = "应用尚未开通所需的权限：[qyapi_get_member]",
            request_id = requestId,
        }),
        SandboxFault.ServerError or SandboxFault.Malformed or SandboxFault.Hang => await SandboxEndpoints.FaultAsync(state.InAppFault, requestId, ct),
        _ => null,
    };

    private static IResult Top(JsonObject result, string requestId) =>
        Results.Text(new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["result"] = result, ["request_id"] = requestId }.ToJsonString(), "application/json");

    private static IResult TopError(int errcode, string errmsg, string requestId) =>
        Results.Json(new { errcode, errmsg, request_id = requestId });

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    /// <summary>
    /// Stands in for DingTalk's JSAPI: requestAuthCode (new and old form) asks the sandbox for the chosen person's code.
    /// It cannot show how the real client's script and native bridge behave under the app's CSP; the README says so.
    /// </summary>
    private const string StandInJsApi = """
        (function () {
          'use strict';
          function requestAuthCode(args) {
            args = args || {};
            var ok = args.success || args.onSuccess;
            var ko = args.fail || args.onFail;
            fetch('/_sandbox/dingtalk/jsapi/code', {
              method: 'POST',
              credentials: 'same-origin',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ corpId: args.corpId, clientId: args.clientId })
            }).then(function (response) {
              return response.json().then(function (body) {
                if (response.ok && body.code) { if (ok) { ok({ code: body.code }); } } else if (ko) { ko(body); }
              });
            }, function (error) { if (ko) { ko({ errorMessage: String(error) }); } });
          }
          window.dd = {
            sandbox: true,
            ready: function (callback) { callback(); },
            error: function () { },
            requestAuthCode: requestAuthCode,
            runtime: { permission: { requestAuthCode: requestAuthCode } }
          };
        })();
        """;
}
