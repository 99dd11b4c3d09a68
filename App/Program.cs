using BlazorAuth.Components;
using BlazorAuth.Features.Account;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Features.Password;
using BlazorAuth.Features.Sessions;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Infrastructure.Localization;
using BlazorAuth.Infrastructure.Security;
using BlazorAuth.Infrastructure.Telemetry;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(AppContentRoot.Options(args));

builder.AddAppInfrastructure();
builder.AddAppHealthProbes();
builder.AddAppTelemetry();
builder.AddApiDocument();
builder.AddAppDatabase();
builder.AddAppLocalization();
builder.AddAppIdentity();
builder.AddSessions();
builder.AddAudit();
builder.AddUserAdministration();
builder.AddAppRateLimiting();
builder.AddAuthenticators();
builder.AddExternalSignIn();
builder.AddPasswordPlugin();
builder.AddDingTalkPlugin();
builder.Services.AddMudServices();
builder.Services.AddTransient<MudBlazor.MudLocalizer, AppMudLocalizer>();
builder.Services.AddRazorComponents().AddConsoleCircuits();

var app = builder.Build();

// Migrating and seeding (EF's first use, about a third of a cold start) runs beside building the route table below;
// nothing is served before both are done. SQLite's async calls complete synchronously, hence a thread of its own.
var initialized = Task.Run(() => app.InitializeDatabaseAsync());

app.UseSignInTiming();
app.UseForwardedHeaders();
app.UseTransportSecurity();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error/500", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseStatusPageVisits();
app.UseApiEdge();
app.UseRequestLocalization();
app.UseRequestHostGuard();
app.UseExternalSignInStates();
app.UseAuthentication();
app.UseMiddleware<MustChangePasswordMiddleware>();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();
app.UseFormPostGuards();

app.MapStaticAssets();
app.MapAppHealthChecks();
app.MapApiDocument();
app.MapSignOut();
app.MapCultureSwitch();
app.MapAuthenticatorsAndPlugins();
app.MapUsersApi();
app.MapSessionsApi();
app.MapAudit();
app.MapExternalSignIn();
app.MapDingTalkInApp();
app.MapAccount();
app.MapDingTalkSandbox();
// SecurityHeaders sends frame-ancestors itself; Blazor would add a second CSP header with its own.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null)
    .WithPageMethods();

app.BuildRouteTable();
await initialized;
if (await app.UpgradeKeyRingIfAskedAsync(args))
{
    return;
}

await app.RunAsync();

public partial class Program;
