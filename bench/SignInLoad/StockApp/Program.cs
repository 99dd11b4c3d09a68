// The anchors of bench/signin-load.sh: A is a stock OAuthHandler app with a cookie and no database; started with
// --Durable:Database=PATH it is A+, the same app writing what BlazorAuth writes per sign-in (see DurableSignIns).
using System.Security.Claims;
using BlazorAuth.Bench.StockApp;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var durablePath = builder.Configuration["Durable:Database"];
DurableSignIns? durable = string.IsNullOrEmpty(durablePath) ? null : new DurableSignIns(durablePath);

builder.Services.AddSingleton<IPostConfigureOptions<DingTalkOptions>, DingTalkEndpoints>();
builder.Services
    .AddAuthentication(o =>
    {
        o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.DefaultChallengeScheme = "DingTalk";
    })
    .AddCookie()
    .AddOAuth<DingTalkOptions, DingTalkHandler>("DingTalk", "DingTalk", o =>
    {
        var c = builder.Configuration.GetSection("DingTalk");
        o.ClientId = c["ClientId"] ?? "bench-client";
        o.ClientSecret = c["ClientSecret"] ?? "bench-secret";
        o.LoginBaseUrl = c["LoginBaseUrl"] ?? o.LoginBaseUrl;
        o.ApiBaseUrl = c["ApiBaseUrl"] ?? o.ApiBaseUrl;
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.BackchannelTimeout = TimeSpan.FromSeconds(15);
        if (durable is not null)
        {
            o.Events.OnCreatingTicket = async context =>
            {
                var state = context.Request.Query["state"].ToString();
                var session = await durable.RecordAsync(state, context.Principal!, context.HttpContext.RequestAborted);
                if (session is null) throw new AuthenticationFailureException("replayed state");
                ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim("sid", session));
            };
        }
    });

var app = builder.Build();
app.UseAuthentication();

app.MapGet("/auth/dingtalk/bench/login", (string? returnUrl) =>
{
    var target = returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) && !r.StartsWith("/\\", StringComparison.Ordinal) ? r : "/";
    return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, ["DingTalk"]);
});

app.MapGet("/", (ClaimsPrincipal user) =>
    user.Identity?.IsAuthenticated == true
        ? Results.Text($"signed in as {user.FindFirstValue(ClaimTypes.Name)}\n")
        : Results.Text("anonymous\n", statusCode: 401));

app.MapGet("/healthz", () => "Healthy");

app.Run();
durable?.Dispose();
