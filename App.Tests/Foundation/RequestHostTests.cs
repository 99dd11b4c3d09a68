using System.Net;
using System.Net.Sockets;
using System.Text;
using BlazorAuth.Infrastructure.Hosting;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace BlazorAuth.Tests.Foundation;

/// <summary>A request with no usable host is refused with a 400 that says so, never a 500 from a page that needs it.</summary>
public sealed class RequestHostTests(SharedProductionApp shared) : IClassFixture<SharedProductionApp>
{
    [Theory]
    [InlineData("example.com", true)]
    [InlineData("example.com:8443", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("xn--bcher-kva.example", true)]
    [InlineData("", false)]
    [InlineData("example.com:99999", false)]
    [InlineData("example.com:0", false)]
    public void A_host_is_usable_only_with_a_name_and_a_port_in_range(string host, bool usable) =>
        Assert.Equal(usable, RequestHostGuard.IsUsable(new HostString(host)));

    [Theory]
    [InlineData("HTTP/1.1", "Host: \r\n", "", "host name is missing or not valid")]
    [InlineData("HTTP/1.0", "", "", "host name is missing or not valid")]
    [InlineData("HTTP/1.1", "Host: \r\n", "Accept-Language: nl-NL\r\n", "de hostnaam van het adres ontbreekt")]
    public async Task A_page_asked_without_a_host_is_a_bad_request_that_says_why_in_the_browsers_language(
        string version, string hostLine, string languageLine, string expected)
    {
        var (status, body) = await SendRawAsync($"GET /signin {version}\r\n{hostLine}{languageLine}Connection: close\r\n\r\n");

        Assert.Equal(400, status);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forwarded_host_with_a_port_out_of_range_is_a_bad_request()
    {
        var (status, body) = await GetSignInForwardedAsync("portal.example.com:99999");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("host name is missing or not valid", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forwarded_host_that_is_valid_still_serves_the_page()
    {
        var (status, _) = await GetSignInForwardedAsync("portal.example.com:8443");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>From loopback, which the app trusts as a proxy unless told otherwise.</summary>
    private async Task<(HttpStatusCode Status, string Body)> GetSignInForwardedAsync(string host)
    {
        using var browser = shared.App.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Add("X-Forwarded-Host", host);
        using var response = await browser.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(int Status, string Body)> SendRawAsync(string request)
    {
        var address = shared.App.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();
        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, answer);
    }
}
