namespace BlazorAuth.Tests.Unit;

/// <summary>Answers every request with <paramref name="answer"/> and counts the requests per method.</summary>
internal sealed class FakeHttpHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    private int posts;
    private int gets;

    public int Posts => posts;

    public int Gets => gets;

    public static FakeHttpHandler Always(Func<HttpResponseMessage> response) => new((_, _, _) => Task.FromResult(response()));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = request.Method == HttpMethod.Post ? Interlocked.Increment(ref posts) : Interlocked.Increment(ref gets);
        return answer(request, attempt, cancellationToken);
    }
}
