using System.Net;
using BlazorAuth.Features.DingTalk;
using BlazorAuth.Features.DingTalk.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;

namespace BlazorAuth.Tests.Unit;

/// <summary>The handler's backchannel: the single-use code exchange (a POST) is never sent twice; users/me (a GET) may be.</summary>
public sealed class DingTalkBackchannelTests : IDisposable
{
    private readonly List<ServiceProvider> providers = [];

    public void Dispose() => providers.ForEach(p => p.Dispose());

    [Fact]
    public void The_default_worst_case_for_both_calls_stays_under_15_seconds()
    {
        var defaults = new DingTalkHttpOptions();

        Assert.True(defaults.WorstCase < TimeSpan.FromSeconds(15), $"Worst case {defaults.WorstCase}.");
        Assert.Equal(TimeSpan.FromSeconds(12.2), defaults.WorstCase);
    }

    [Fact]
    public void The_per_call_cap_bounds_the_worst_case_however_many_retries_are_configured()
    {
        var generous = new DingTalkHttpOptions { AttemptTimeout = TimeSpan.FromSeconds(4), GetRetries = 5, CallTimeout = TimeSpan.FromSeconds(9) };

        Assert.Equal(TimeSpan.FromSeconds(13), generous.WorstCase);
    }

    [Fact]
    public async Task A_POST_that_fails_transiently_is_sent_exactly_once()
    {
        var handler = FakeHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = Backchannel(handler);

        using var response = await client.PostAsync("https://api.example/v1.0/oauth2/userAccessToken", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, handler.Posts);
    }

    [Fact]
    public async Task A_POST_whose_connection_fails_is_sent_exactly_once()
    {
        var handler = new FakeHttpHandler((_, _, _) => throw new HttpRequestException("connection reset"));
        using var client = Backchannel(handler);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("https://api.example/v1.0/oauth2/userAccessToken", new StringContent("{}")));

        Assert.Equal(1, handler.Posts);
    }

    [Fact]
    public async Task A_POST_that_times_out_is_sent_exactly_once()
    {
        var handler = new FakeHttpHandler(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var client = Backchannel(handler, attemptTimeout: "00:00:00.100");

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.PostAsync("https://api.example/v1.0/oauth2/userAccessToken", new StringContent("{}")));

        Assert.Equal(1, handler.Posts);
    }

    [Fact]
    public async Task A_GET_that_fails_transiently_is_retried_and_can_then_succeed()
    {
        var handler = new FakeHttpHandler((_, attempt, _) =>
            Task.FromResult(new HttpResponseMessage(attempt == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK)));
        using var client = Backchannel(handler);

        using var response = await client.GetAsync("https://api.example/v1.0/contact/users/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, handler.Gets);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    public async Task A_GET_is_tried_once_plus_the_configured_retries(int retries, int attempts)
    {
        var handler = FakeHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var client = Backchannel(handler, getRetries: retries);

        using var response = await client.GetAsync("https://api.example/v1.0/contact/users/me");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(attempts, handler.Gets);
    }

    [Fact]
    public async Task A_GET_answered_with_a_client_error_is_not_retried()
    {
        var handler = FakeHttpHandler.Always(() => new HttpResponseMessage(HttpStatusCode.Forbidden));
        using var client = Backchannel(handler);

        using var response = await client.GetAsync("https://api.example/v1.0/contact/users/me");

        Assert.Equal(1, handler.Gets);
    }

    /// <summary>The app's own named client and pipeline, configured as in appsettings, with <paramref name="handler"/> in place of the network.</summary>
    private HttpClient Backchannel(FakeHttpHandler handler, int getRetries = 1, string attemptTimeout = "00:00:04")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DingTalk:Http:GetRetries"] = getRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DingTalk:Http:RetryDelay"] = "00:00:00.001",
            ["DingTalk:Http:AttemptTimeout"] = attemptTimeout,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDingTalkBackchannel(configuration);
        services.AddHttpClient(DingTalkAuthenticationDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient(DingTalkAuthenticationDefaults.HttpClientName);
    }
}
