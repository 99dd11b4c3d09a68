using BlazorAuth.Infrastructure.Telemetry;

using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// The bounded in-process queue sign-in events wait in until <see cref="AuditWriter"/> stores them, so auditing never
/// slows or breaks a sign-in. When it is full a success still gets in by pushing out the oldest waiting failure (a
/// failure that finds it full is dropped itself): failures are what a flood is made of, and successes are what an
/// operator can least afford to lose. Every drop is counted and logged; nothing here throws into a request.
/// </summary>
public sealed class AuditQueue(IOptions<AuditOptions> options, AuditMetrics metrics, ILogger<AuditQueue> logger)
{
    private readonly Lock gate = new();
    private readonly Queue<AuditEvent> successes = new();
    private readonly Queue<AuditEvent> failures = new();
    private readonly SemaphoreSlim signal = new(0);
    private readonly int capacity = Math.Max(1, options.Value.QueueCapacity);
    private long dropped;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return successes.Count + failures.Count;
            }
        }
    }

    /// <summary>How many events were dropped since start.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public void Enqueue(AuditEvent record)
    {
        AuditEvent? lost;
        lock (gate)
        {
            var isFailure = record.Result == AuditResults.Failure;
            if (successes.Count + failures.Count < capacity)
            {
                (isFailure ? failures : successes).Enqueue(record);
                lost = null;
            }
            else if (!isFailure && failures.TryDequeue(out var pushedOut))
            {
                successes.Enqueue(record);
                lost = pushedOut;
            }
            else
            {
                lost = record;
            }
        }

        if (lost is null)
        {
            signal.Release();
            return;
        }

        Interlocked.Increment(ref dropped);
        metrics.Dropped(lost);
        logger.LogWarning("Audit queue full ({Capacity}): dropped a {Type} {Result} event.", capacity, lost.Type, lost.Result);
    }

    /// <summary>Up to <paramref name="max"/> waiting events, oldest first within each result.</summary>
    public List<AuditEvent> Take(int max)
    {
        var batch = new List<AuditEvent>(Math.Min(max, 64));
        lock (gate)
        {
            while (batch.Count < max && (successes.Count > 0 || failures.Count > 0))
            {
                // Oldest first across both queues, so a batch is in time order.
                var fromSuccesses = failures.Count == 0
                    || (successes.Count > 0 && successes.Peek().At <= failures.Peek().At);
                batch.Add((fromSuccesses ? successes : failures).Dequeue());
            }
        }

        return batch;
    }

    /// <summary>Waits until something was enqueued (or the timeout passes, or the token fires).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await signal.WaitAsync(timeout, cancellationToken))
        {
            // One wake-up per batch, not one per event: the writer takes everything waiting anyway.
            while (signal.Wait(0))
            {
            }
        }
    }
}
