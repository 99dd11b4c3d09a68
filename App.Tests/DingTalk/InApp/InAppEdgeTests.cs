using System.Diagnostics.Metrics;
using System.Net;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.DingTalk.InApp;
using BlazorAuth.Features.DingTalk.Sandbox;
using BlazorAuth.Infrastructure.Telemetry;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BlazorAuth.Tests.DingTalk.InApp;

/// <summary>A DingTalk that does not answer in time: the in-app sign-in gives up with the timeout's message.</summary>
public sealed class InAppTimeoutTests(ImpatientDingTalkApp dingTalk) : IClassFixture<ImpatientDingTalkApp>
{
    [Fact]
    public async Task A_DingTalk_that_hangs_ends_on_sign_in_with_the_timeout_message()
    {
        var name = DingTalkApp.NewName("hang");
        var corpId = "corp-" + name;
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: InAppBrowser.InApp(corpId));
        var person = dingTalk.AddSandboxUser("Patient", corpIds: [corpId]);
        using var browser = dingTalk.App.CreateDingTalkBrowser();
        dingTalk.Sandbox.InAppFault = SandboxFault.Hang;
        try
        {
            var target = await browser.SignInInsideDingTalkAsync(dingTalk.App, person, corpId);
            Assert.Equal($"/signin?authenticator={name}&error=provider_timeout", target);
        }
        finally
        {
            dingTalk.Sandbox.InAppFault = SandboxFault.None;
        }

        Assert.False(browser.HasSessionCookie());
    }
}

/// <summary>blazorauth.dingtalk.call.duration: every call to DingTalk, by fixed endpoint name and status, read after real sign-ins.</summary>
public sealed class DingTalkCallMetricsTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    [Fact]
    public async Task Web_and_in_app_sign_ins_record_each_DingTalk_call_by_endpoint_and_status_and_never_a_token()
    {
        var meters = dingTalk.App.Services.GetRequiredService<IMeterFactory>();
        using var calls = new MetricCollector<double>(meters, SignInTelemetry.MeterName, DingTalkCallMetrics.InstrumentName);
        using var attempts = new MetricCollector<long>(meters, SignInTelemetry.MeterName, "blazorauth.signin.attempts");
        var name = DingTalkApp.NewName("calls");
        var corpId = "corp-" + name;
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: InAppBrowser.InApp(corpId));
        var person = dingTalk.AddSandboxUser("Measured", corpIds: [corpId]);

        using (var web = dingTalk.App.CreateBrowser())
        {
            Assert.Equal("/", await web.SignInWithDingTalkAsync(name, person));
        }

        using (var inside = dingTalk.App.CreateDingTalkBrowser())
        {
            Assert.Equal("/", await inside.SignInInsideDingTalkAsync(dingTalk.App, person, corpId));
        }

        dingTalk.Sandbox.InAppFault = SandboxFault.CodeNotFound;
        try
        {
            using var inside = dingTalk.App.CreateDingTalkBrowser();
            Assert.Equal("code_invalid", DingTalkBrowser.ErrorCode(await inside.SignInInsideDingTalkAsync(dingTalk.App, person, corpId)));
        }
        finally
        {
            dingTalk.Sandbox.InAppFault = SandboxFault.None;
        }

        var seen = calls.GetMeasurementSnapshot().Select(m => $"{m.Tags["endpoint"]} {m.Tags["status"]}").ToList();
        Assert.Equal(
            ["contact.users.me success", "oauth2.accessToken success", "oauth2.userAccessToken success", "topapi.user.get success",
             "topapi.user.getuserinfo error", "topapi.user.getuserinfo success"],
            seen.Order(StringComparer.Ordinal).ToList());
        Assert.All(calls.GetMeasurementSnapshot(), m => Assert.Equal(["endpoint", "status"], m.Tags.Keys.Order(StringComparer.Ordinal)));
        var tokens = dingTalk.Sandbox.IssuedAccessTokens.Concat(dingTalk.Sandbox.IssuedAppTokens).ToList();
        Assert.All(calls.GetMeasurementSnapshot(), m => Assert.DoesNotContain(m.Tags.Values, v => tokens.Contains(v?.ToString() ?? "")));
        Assert.Contains(attempts.GetMeasurementSnapshot(), m => (string?)m.Tags["method"] == "in_app" && (string?)m.Tags["result"] == "success");
    }
}

/// <summary>The settings: in-app sign-in needs the app's organisation, and the validator says so.</summary>
public sealed class InAppSettingsTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    [Fact]
    public async Task In_app_sign_in_without_the_apps_organisation_is_refused_with_a_clear_error()
    {
        using var admin = await ApiClient.SignInAsync(dingTalk.App);
        var response = await admin.PostAsync("/api/authenticators", new
        {
            name = DingTalkApp.NewName("nocorp"),
            type = DingTalkPlugin.TypeName,
            enabled = true,
            options = new { clientId = DingTalkApp.ClientId, clientSecret = DingTalkApp.ClientSecret, inAppSignIn = true },
        });

        response.ShouldReject("options.inAppCorpId", "Enter the organisation (corpId) of this app: the automatic sign-in inside DingTalk needs it.");
    }

    [Fact]
    public async Task In_app_sign_in_is_off_for_authenticators_saved_before_it_existed()
    {
        var name = DingTalkApp.NewName("default");
        var view = await dingTalk.Admin.AddAuthenticatorAsync(name);

        Assert.False(view.Options["inAppSignIn"]!.GetValue<bool>());
    }
}

/// <summary>Production: the sandbox's "as inside DingTalk" switch means nothing, and the JSAPI comes from DingTalk's CDN under the CSP.</summary>
public sealed class InAppProductionTests : IAsyncLifetime
{
    private readonly TestApp app = new(environment: "Production");

    [Fact]
    public async Task The_sandbox_switch_is_never_honoured_and_the_real_client_gets_DingTalks_script()
    {
        using (var admin = await DingTalkAdmin.SignInAsync(app))
        {
            await admin.SetPluginActiveAsync(true);
            await admin.AddAuthenticatorAsync("company", settings: InAppBrowser.InApp("dingcompany"));
        }

        using var pretender = app.CreateBrowser();
        pretender.Cookies.Add(app.BaseAddress, new Cookie(SandboxInApp.ClientSwitchCookie, "1"));
        var page = await pretender.OpenMicroAppAsync("dingcompany");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.False(page.StartsInApp);
        Assert.False(page.HasScript);

        using var inside = app.CreateDingTalkBrowser();
        using var response = await inside.GetAsync("/signin?corpId=dingcompany");
        var real = new InAppPage(response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(real.StartsInApp);
        Assert.Equal([DingTalkConfiguration.DefaultJsApiUrl, "/js/dingtalk-inapp.js"], real.ScriptSources);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("https://g.alicdn.com", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        app.Dispose();
        app.Database.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The in-app post counts as the start of a sign-in: the external bucket limits it, per client.</summary>
public sealed class InAppRateLimitTests
{
    [Fact]
    public async Task In_app_posts_past_the_external_sign_in_limit_get_too_many_requests()
    {
        var dingTalk = await DingTalkApp.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimiting:ExternalSignIn:PermitLimit"] = "3",
            ["RateLimiting:ExternalSignIn:Window"] = "01:00:00",
        });
        try
        {
            var name = DingTalkApp.NewName("limit");
            var corpId = "corp-" + name;
            await dingTalk.Admin.AddAuthenticatorAsync(name, settings: InAppBrowser.InApp(corpId));
            using var browser = dingTalk.App.CreateDingTalkBrowser();
            var page = await browser.OpenMicroAppAsync(corpId);

            var answers = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                using var response = await browser.Http.PostAsync(page.Action, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["code"] = $"not-a-real-code-{i}",
                    ["__RequestVerificationToken"] = page.Token,
                }));
                answers.Add(response.StatusCode);
            }

            Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], answers);
        }
        finally
        {
            await dingTalk.DisposeAsync();
        }
    }
}

/// <summary>The app token lives as long as DingTalk says, less a margin: then the next sign-in fetches a new one.</summary>
public sealed class InAppTokenLifetimeTests(FakeClockDingTalkApp dingTalk) : IClassFixture<FakeClockDingTalkApp>
{
    [Fact]
    public async Task The_app_token_is_replaced_shortly_before_DingTalk_would_expire_it()
    {
        var name = DingTalkApp.NewName("expiry");
        var corpId = "corp-" + name;
        await dingTalk.Admin.AddAuthenticatorAsync(name, settings: InAppBrowser.InApp(corpId));
        var person = dingTalk.AddSandboxUser("Clockwatcher", corpIds: [corpId]);
        var before = dingTalk.Sandbox.AppTokenRequests;

        async Task SignInAsync()
        {
            using var browser = dingTalk.App.CreateDingTalkBrowser();
            Assert.Equal("/", await browser.SignInInsideDingTalkAsync(dingTalk.App, person, corpId));
        }

        await SignInAsync();
        // The sandbox's token lives 7200 s; just inside the margin it is still reused...
        dingTalk.Clock.Advance(TimeSpan.FromSeconds(7200) - DingTalkAppTokens.RefreshMargin - TimeSpan.FromSeconds(5));
        await SignInAsync();
        Assert.Equal(before + 1, dingTalk.Sandbox.AppTokenRequests);

        // ...and past it, replaced.
        dingTalk.Clock.Advance(TimeSpan.FromSeconds(10));
        await SignInAsync();
        Assert.Equal(before + 2, dingTalk.Sandbox.AppTokenRequests);
    }
}
