using System.Diagnostics.Metrics;
using BlazorAuth.Infrastructure.Telemetry;
using BlazorAuth.Tests.Passwords;
using BlazorAuth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BlazorAuth.Tests.Foundation;

/// <summary>blazorauth.signin.attempts and .duration, read after real sign-ins over HTTP, tagged with fixed vocabularies only.</summary>
public sealed class SignInMetricsTests(DingTalkApp dingTalk) : IClassFixture<DingTalkApp>
{
    private TestApp App => dingTalk.App;

    [Fact]
    public async Task Password_and_DingTalk_sign_ins_are_counted_by_method_type_result_and_reason()
    {
        var meters = App.Services.GetRequiredService<IMeterFactory>();
        using var attempts = new MetricCollector<long>(meters, SignInTelemetry.MeterName, "blazorauth.signin.attempts");
        using var durations = new MetricCollector<double>(meters, SignInTelemetry.MeterName, "blazorauth.signin.duration");
        var name = DingTalkApp.NewName("metrics");
        await dingTalk.Admin.AddAuthenticatorAsync(name, autoSignup: false);
        var stranger = dingTalk.AddSandboxUser("Unknown Stranger");

        using (var browser = App.CreateBrowser())
        {
            Assert.NotNull(await browser.TrySignInAsync(TestApp.AdminEmail, "Wrong!Pass000"));
            Assert.Null(await browser.TrySignInAsync(TestApp.AdminEmail, TestApp.AdminPassword));
        }

        using (var browser = App.CreateBrowser())
        {
            await browser.SignInWithDingTalkAsync(name, stranger);
        }

        var seen = attempts.GetMeasurementSnapshot()
            .Select(m => $"{m.Tags["method"]} {m.Tags["authenticator.type"]} {m.Tags["result"]} {m.Tags["reason"]} {m.Value}")
            .ToList();
        Assert.Equal(
            ["password password failure invalid_credentials 1", "password password success none 1", "web dingtalk failure user_not_found 1"],
            seen.Order(StringComparer.Ordinal));
        Assert.Equal(3, durations.GetMeasurementSnapshot().Count);
        Assert.All(durations.GetMeasurementSnapshot(), d => Assert.True(d.Value > 0, "A sign-in takes some time."));
        Assert.All(attempts.GetMeasurementSnapshot(), m => Assert.DoesNotContain(m.Tags.Values, v => v?.ToString()?.Contains('@') == true));
    }
}
