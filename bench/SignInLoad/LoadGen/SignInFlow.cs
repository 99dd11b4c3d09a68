using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace BlazorAuth.Bench.LoadGen;

/// <summary>
/// One DingTalk sign-in as a browser makes it: the app's login URL, the redirect to the fake's authorize page (which
/// answers as <c>user</c>), the callback, and then one page as the signed-in user (and, for measuring what one request
/// costs, any extra GETs and repeats the options ask for). A fresh cookie jar per sign-in,
/// every redirect followed by hand so each step is timed. Returns null on success or the error kind ("step:status").
/// </summary>
public sealed partial class SignInFlow(HttpClient client, RunOptions options)
{
    private const int MaxRedirects = 10;
    private readonly Uri baseUri = new(options.Base);

    public double FlowMs { get; private set; }
    public string Step { get; private set; } = "login";
    public Dictionary<string, double> Steps { get; } = [];

    public async Task<string?> RunAsync(string user, CancellationToken cancellationToken)
    {
        Steps.Clear();
        var jar = new CookieContainer();
        var url = new Uri(baseUri, options.LoginPath);
        var sawFake = false;
        for (var i = 0; i < options.ExtraCount; i++)
        {
            Step = "extra";
            using var extra = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, options.ExtraGet));
            using var answer = await SendAsync(extra, new CookieContainer(), cancellationToken);
            if ((int)answer.StatusCode >= 500) return $"extra:{(int)answer.StatusCode}";
        }

        var begin = Stopwatch.GetTimestamp();
        for (var hop = 0; hop < MaxRedirects; hop++)
        {
            var onApp = SameOrigin(url, baseUri);
            Step = !onApp ? "authorize" : sawFake ? "callback" : "login";
            var before = onApp && sawFake ? Names(jar) : null;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (!onApp)
            {
                request.Headers.TryAddWithoutValidation("x-fake-user", user);
                sawFake = true;
            }
            var t = Stopwatch.GetTimestamp();
            using var response = await SendAsync(request, jar, cancellationToken);
            Steps[Step] = Steps.GetValueOrDefault(Step) + Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is null) return $"{Step}:{(int)response.StatusCode}";
            var next = new Uri(url, response.Headers.Location);
            if (onApp && sawFake && SameOrigin(next, baseUri))
            {
                FlowMs = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
                if (next.PathAndQuery != new Uri(baseUri, options.ReturnUrl).PathAndQuery) return "callback:wrong-location";
                if (!Names(jar).Except(before!).Any()) return "callback:no-cookie";
                for (var i = 0; i < options.WhoamiRepeat && options.WhoamiPath is not null; i++)
                {
                    if (await WhoamiAsync(jar, cancellationToken) is { } failed) return failed;
                }

                return options.WhoamiPath is null ? null : await WhoamiAsync(jar, cancellationToken);
            }
            url = next;
        }
        return $"{Step}:too-many-redirects";
    }

    private async Task<string?> WhoamiAsync(CookieContainer jar, CancellationToken cancellationToken)
    {
        Step = "whoami";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, options.WhoamiPath));
        var t = Stopwatch.GetTimestamp();
        using var response = await SendAsync(request, jar, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        Steps["whoami"] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        return options.WhoamiStatus.Contains((int)response.StatusCode) ? null : $"whoami:{(int)response.StatusCode}";
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CookieContainer jar, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var cookie = jar.GetCookieHeader(uri);
        if (cookie.Length > 0) request.Headers.TryAddWithoutValidation("Cookie", cookie);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var raw in cookies)
            {
                // A browser keeps Secure cookies on http://127.0.0.1 (a secure context); CookieContainer would drop them.
                jar.SetCookies(uri, uri.IsLoopback ? SecureAttribute().Replace(raw, "") : raw);
            }
        }
        return response;
    }

    private HashSet<string> Names(CookieContainer jar) => jar.GetCookies(baseUri).Select(c => c.Name).ToHashSet();

    private static bool SameOrigin(Uri a, Uri b) => a.Scheme == b.Scheme && a.Host == b.Host && a.Port == b.Port;

    [GeneratedRegex(@";\s*secure\s*(?=;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecureAttribute();
}
