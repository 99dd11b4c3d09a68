using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace BlazorAuth.E2E.Support;

/// <summary>One response of a page load as it crossed the wire.</summary>
public sealed record WireResponse(string Url, int Status, long Bytes, string? ContentEncoding, string? CacheControl, string? ContentType);

/// <summary>What a cold load of a page cost on the wire: every response, counted by Chromium (headers and encoded body).</summary>
public sealed class PageWeight
{
    private readonly ConcurrentQueue<IResponse> responses = new();
    private long webSocketBytes;

    private PageWeight(IPage page)
    {
        page.Response += (_, response) => responses.Enqueue(response);
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            Interlocked.Add(ref webSocketBytes, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));
    }

    public IReadOnlyList<WireResponse> Responses { get; private set; } = [];

    public long TotalBytes => Responses.Sum(r => r.Bytes);

    /// <summary>Bytes of the frames the server sent over the Blazor circuit's WebSocket, if the page opened one.</summary>
    public long WebSocketBytes => Interlocked.Read(ref webSocketBytes);

    /// <summary>
    /// Loads <paramref name="path"/> in <paramref name="page"/> (of a fresh context, so nothing is cached) and waits
    /// until the network has been idle, then reads each response's size.
    /// </summary>
    public static async Task<PageWeight> MeasureAsync(IPage page, string path, Func<IPage, Task>? loaded = null)
    {
        var weight = new PageWeight(page);
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        if (loaded is not null)
        {
            await loaded(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        var measured = new List<WireResponse>();
        foreach (var response in weight.responses)
        {
            var sizes = await response.Request.SizesAsync();
            var headers = await response.AllHeadersAsync();
            measured.Add(new WireResponse(response.Url, response.Status, sizes.ResponseHeadersSize + sizes.ResponseBodySize,
                headers.GetValueOrDefault("content-encoding"), headers.GetValueOrDefault("cache-control"), headers.GetValueOrDefault("content-type")));
        }

        weight.Responses = measured;
        return weight;
    }

    public override string ToString() =>
        $"{Responses.Count} responses, {TotalBytes:N0} bytes (+{WebSocketBytes:N0} WebSocket):\n" +
        string.Join('\n', Responses.Select(r => $"  {r.Status} {r.Bytes,9:N0} {r.ContentEncoding ?? "-",-5} {r.CacheControl ?? "-",-30} {r.Url}"));
}
