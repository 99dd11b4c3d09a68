using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.DingTalk.Sandbox;

/// <summary>
/// A fake DingTalk speaking the new API's protocol over real HTTP: the authorize page, the JSON code exchange,
/// users/me with its header, and DingTalk's error shape. It can be told to fail in each way the app must explain.
/// </summary>
public static class SandboxEndpoints
{
    public const string BasePath = "/_sandbox/dingtalk";

    public static WebApplicationBuilder AddDingTalkSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SandboxOptions>(builder.Configuration.GetSection(SandboxOptions.Section));
        var enabled = builder.Configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>()?.Enabled == true;
        if (enabled && builder.Environment.IsProduction())
        {
            throw new InvalidOperationException("DingTalk:Sandbox:Enabled is on, but the DingTalk sandbox cannot be switched on in Production.");
        }

        builder.Services.AddSingleton<SandboxState>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDingTalkSandbox(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        if (endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsProduction())
        {
            throw new InvalidOperationException("The DingTalk sandbox cannot be switched on in Production.");
        }

        var sandbox = endpoints.MapGroup(BasePath).AllowAnonymous().DisableAntiforgery().DisableRateLimiting().ExcludeFromDescription();

        sandbox.MapGet("/oauth2/auth", (HttpRequest request, SandboxState state, IOptionsMonitor<SandboxOptions> options, IStringLocalizer<SandboxText> L) =>
        {
            var q = request.Query;
            var error = Validate(request, options.CurrentValue, q["client_id"], q["redirect_uri"], L, out _);
            if (error is null && (q["response_type"] != "code" || q["prompt"] != "consent" || string.IsNullOrEmpty(q["scope"])))
            {
                error = L["BadAuthorizeRequest"];
            }

            // Not the generic result: the compile-time request delegates cannot see Razor's generated component types.
            return new RazorComponentResult(typeof(SandboxAuthorizePage), new
            {
                ClientId = q["client_id"].ToString(),
                RedirectUri = q["redirect_uri"].ToString(),
                State = q["state"].ToString(),
                Error = error,
                Users = state.Users,
                ChooseOrganisation = q["scope"].ToString().Split(' ').Contains("corpid"),
            })
            { StatusCode = error is null ? 200 : 400 };
        });

        sandbox.MapGet("/oauth2/auth/confirm", (HttpRequest request, SandboxState state, IOptionsMonitor<SandboxOptions> options, IStringLocalizer<SandboxText> L) =>
        {
            var q = request.Query;
            var error = Validate(request, options.CurrentValue, q["client_id"], q["redirect_uri"], L, out var redirectUri);
            if (error is not null || state.FindUser(q["user"].ToString()) is not { } user)
            {
                return Results.Problem(statusCode: 400, detail: error ?? L["UnknownUser"]);
            }

            var corpId = q["corpId"].ToString() is { Length: > 0 } picked ? picked : null;
            if (corpId is not null && !user.Organisations.Contains(corpId))
            {
                return Results.Problem(statusCode: 400, detail: L["NotInOrganisation"]);
            }

            var code = state.IssueCode(q["client_id"].ToString(), redirectUri!, user.UnionId, corpId);
            var separator = redirectUri!.Contains('?') ? "&" : "?";
            return Results.Redirect($"{redirectUri}{separator}authCode={code}&state={Uri.EscapeDataString(q["state"].ToString())}");
        });

        sandbox.MapPost("/v1.0/oauth2/userAccessToken", async (HttpRequest request, SandboxState state, IOptionsMonitor<SandboxOptions> options, CancellationToken ct) =>
        {
            state.CountTokenRequest();
            var requestId = Stamp(request.HttpContext.Response, state);
            if (await FaultAsync(state.TokenFault, requestId, ct) is { } fault)
            {
                return fault;
            }

            var body = await ReadJsonAsync(request, ct);
            var clientId = body?["clientId"]?.GetValue<string>();
            var app = options.CurrentValue.Apps.FirstOrDefault(a => a.ClientId == clientId);
            if (app is null || app.ClientId == SandboxOptions.WrongSecretClientId || app.ClientSecret != body?["clientSecret"]?.GetValue<string>())
            {
                return DingTalkError(401, "InvalidAuthentication", "clientId or clientSecret is wrong", requestId);
            }

            if (body?["grantType"]?.GetValue<string>() != "authorization_code")
            {
                return DingTalkError(400, "invalidParameter.grantType.invalid", "grantType must be authorization_code", requestId);
            }

            if (state.TokenFault == SandboxFault.CodeNotFound || state.RedeemCode(body?["code"]?.GetValue<string>() ?? "", app.ClientId) is not { } grant)
            {
                return DingTalkError(400, "invalidParameter.authCode.notFound", "authCode not found, expired or already used", requestId);
            }

            var token = new JsonObject
            {
                ["accessToken"] = state.IssueToken(grant.UnionId),
                ["refreshToken"] = Guid.NewGuid().ToString("N"),
                ["expireIn"] = 7200,
            };
            if (grant.CorpId is not null)
            {
                token["corpId"] = grant.CorpId;
            }

            return Results.Text(token.ToJsonString(), "application/json");
        });

        sandbox.MapGet("/v1.0/contact/users/me", async (HttpRequest request, SandboxState state, CancellationToken ct) =>
        {
            var user = state.UserForToken(request.Headers["x-acs-dingtalk-access-token"].FirstOrDefault());
            var requestId = Stamp(request.HttpContext.Response, state);
            if (await FaultAsync(state.UserInfoFault, requestId, ct) is { } fault)
            {
                return fault;
            }

            if (user is null)
            {
                return DingTalkError(401, "InvalidAuthentication", "the access token is invalid", requestId);
            }

            var json = new JsonObject
            {
                ["nick"] = user.Nick,
                ["avatarUrl"] = user.AvatarUrl,
                ["openId"] = user.OpenId,
                ["unionId"] = state.UserInfoFault == SandboxFault.MissingUnionId ? null : user.UnionId,
                ["stateCode"] = user.StateCode,
                ["visitor"] = false,
            };
            if (user.Mobile is not null && state.UserInfoFault != SandboxFault.MissingMobile)
            {
                json["mobile"] = user.Mobile;
            }

            if (user.Email is not null)
            {
                json["email"] = user.Email;
            }

            return Results.Text(json.ToJsonString(), "application/json");
        });

        sandbox.MapPost("/v1.0/oauth2/accessToken", async (HttpRequest request, SandboxState state, IOptionsMonitor<SandboxOptions> options, CancellationToken ct) =>
        {
            state.CountAppTokenRequest();
            var requestId = Stamp(request.HttpContext.Response, state);
            if (await FaultAsync(state.AppTokenFault, requestId, ct) is { } fault)
            {
                return fault;
            }

            var body = await ReadJsonAsync(request, ct);
            var appKey = body?["appKey"]?.GetValue<string>();
            var app = options.CurrentValue.Apps.FirstOrDefault(a => a.ClientId == appKey);
            // The demo Client ID for trying "Test connection": DingTalk knows it, and no secret is ever right for it.
            return appKey != SandboxOptions.WrongSecretClientId && app is not null && app.ClientSecret == body?["appSecret"]?.GetValue<string>()
                ? Results.Json(new { accessToken = state.IssueAppToken(app.ClientId), expireIn = 7200 })
                : DingTalkError(401, "InvalidAuthentication", "appKey or appSecret is wrong", requestId);
        });

        sandbox.MapSandboxInApp();
        return endpoints;
    }

    private static string? Validate(HttpRequest request, SandboxOptions options, string? clientId, string? redirectUri, IStringLocalizer<SandboxText> L, out string? redirect)
    {
        redirect = redirectUri;
        var app = options.Apps.FirstOrDefault(a => a.ClientId == clientId);
        if (app is null)
        {
            return L["UnknownClient"];
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
        {
            return L["RedirectNotRegistered"];
        }

        var registered = app.RedirectUris.Count > 0
            ? app.RedirectUris.Contains(redirectUri!, StringComparer.Ordinal)
            : string.Equals(uri.GetLeftPart(UriPartial.Authority), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
              && uri.AbsolutePath.StartsWith("/auth/dingtalk/", StringComparison.Ordinal);
        return registered ? null : L["RedirectNotRegistered"].Value;
    }

    /// <summary>DingTalk names every API answer with a request id, in the x-acs-request-id header and in its error bodies.</summary>
    internal static string Stamp(HttpResponse response, SandboxState state)
    {
        var requestId = state.NewRequestId();
        response.Headers["x-acs-request-id"] = requestId;
        return requestId;
    }

    internal static async Task<IResult?> FaultAsync(SandboxFault fault, string requestId, CancellationToken ct)
    {
        switch (fault)
        {
            case SandboxFault.PermissionDenied:
                return Results.Json(new
                {
                    code = "Forbidden.AccessDenied.AccessTokenPermissionDenied",
                    message = "You are not authorized to perform this operation.",
                    requestid = requestId,
                    accessdenieddetail = new { requiredScopes = new[] { "Contact.User.Read" } },
                }, statusCode: 403);
            case SandboxFault.ServerError:
                return Results.Json(new { code = "ServiceUnavailable", message = "internal error", requestid = requestId }, statusCode: 503);
            case SandboxFault.Malformed:
                return Results.Text("<html>not json</html>", "text/html");
            case SandboxFault.Hang:
                // Bounded, so a test run never waits forever; the app's own timeout is far shorter.
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return Results.StatusCode(504);
            default:
                return null;
        }
    }

    private static IResult DingTalkError(int status, string code, string message, string requestId) =>
        Results.Json(new { code, message, requestid = requestId }, statusCode: status);

    internal static async Task<JsonObject?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonObject>(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
