using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.Sessions;

/// <summary>
/// Group commit for new sessions. Writers are one at a time (SQLite has a single writer, and <see cref="SqliteWriteGate"/>
/// queues them in-process), so under load a sign-in's session write mostly waited for the one before it: nine in ten
/// found the gate taken (docs/benchmarks.md, 2026-12-02). Sessions that arrive while a commit runs now wait for it and
/// are then written together, in one transaction with one fsync, each with what its sign-in owes (<see cref="PendingWrites"/>).
/// Each sign-in still answers only once its own rows are durable. When a batch is refused (a replayed state, a binding
/// deleted meanwhile), its sessions are written one by one, so only the sign-in whose row caused it is refused.
/// </summary>
public sealed class SessionCommits(IDbContextFactory<AppDbContext> contexts, ILogger<SessionCommits> logger)
{
    /// <summary>At most this many sessions per transaction, so a burst never makes one long write.</summary>
    internal const int MaxBatch = 64;

    private readonly Lock sync = new();
    private List<Write> waiting = [];
    private bool committing;

    /// <summary>Whether a commit runs, and how many writes wait for the next one; for tests.</summary>
    internal (bool Committing, int Waiting) State
    {
        get
        {
            lock (sync)
            {
                return (committing, waiting.Count);
            }
        }
    }

    private sealed class Write(UserSession session, PendingWrites? pending)
    {
        public UserSession Session { get; } = session;

        public PendingWrites? Pending { get; } = pending;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Completes once <paramref name="session"/> and <paramref name="pending"/> are committed; throws what
    /// <see cref="PendingWrites.Failed"/> makes of a failure its own rows caused, or the failure itself.
    /// </summary>
    public async Task CommitAsync(UserSession session, PendingWrites? pending)
    {
        var write = new Write(session, pending);
        bool lead;
        lock (sync)
        {
            waiting.Add(write);
            lead = !committing;
            committing = true;
        }

        if (lead)
        {
            // The first writer commits its own batch inline (no thread hop when there is no load); anything that queued
            // meanwhile is committed off this request, so no sign-in waits for more than the batch before its own.
            await CommitNextBatchAsync();
            if (StillWaiting())
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(DrainAsync);
                }
            }
        }

        await write.Done.Task;
    }

    private async Task DrainAsync()
    {
        do
        {
            await CommitNextBatchAsync();
        }
        while (StillWaiting());
    }

    /// <summary>True when more writes wait (the caller commits them); false when none do, and committing has ended.</summary>
    private bool StillWaiting()
    {
        lock (sync)
        {
            committing = waiting.Count > 0;
            return committing;
        }
    }

    private async Task CommitNextBatchAsync()
    {
        List<Write> batch;
        lock (sync)
        {
            if (waiting.Count <= MaxBatch)
            {
                batch = waiting;
                waiting = [];
            }
            else
            {
                batch = waiting.GetRange(0, MaxBatch);
                waiting.RemoveRange(0, MaxBatch);
            }
        }

        try
        {
            if (batch.Count == 1 || !await TryCommitTogetherAsync(batch))
            {
                foreach (var write in batch)
                {
                    await CommitAloneAsync(write);
                }
            }
        }
        catch (Exception e)
        {
            // Not expected (each write settles its own failure); never leave a sign-in waiting for ever.
            logger.LogError(e, "Committing {Count} new session(s) failed.", batch.Count);
            foreach (var write in batch)
            {
                write.Done.TrySetException(e);
            }
        }
    }

    private async Task<bool> TryCommitTogetherAsync(List<Write> batch)
    {
        try
        {
            await SaveAsync(batch);
            return true;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // Rolled back as a whole: find out, one by one, whose rows it was.
            logger.LogDebug(e, "A batch of {Count} new sessions was refused; writing them one by one.", batch.Count);
            return false;
        }
    }

    private async Task CommitAloneAsync(Write write)
    {
        try
        {
            await SaveAsync([write]);
        }
        catch (DbUpdateException e)
        {
            write.Done.TrySetException(write.Pending?.Failed(e) ?? e);
        }
        catch (Exception e)
        {
            write.Done.TrySetException(e);
        }
    }

    /// <summary>One transaction for these sessions and what their sign-ins owe; each completes once it committed.</summary>
    private async Task SaveAsync(IReadOnlyList<Write> writes)
    {
        await RowWriter.InTransactionAsync(contexts, async rows =>
        {
            // What a sign-in owes goes first: a binding deleted with its user is then "account unavailable", not a
            // session refused by its foreign key.
            foreach (var write in writes)
            {
                if (write.Pending is { } pending)
                {
                    await pending.WriteAsync(rows, CancellationToken.None);
                }

                await rows.InsertAsync(write.Session, CancellationToken.None);
            }
        }, CancellationToken.None);
        foreach (var write in writes)
        {
            write.Pending?.Saved();
            write.Done.TrySetResult();
        }
    }
}
