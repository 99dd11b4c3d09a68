using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Infrastructure.Data;

/// <summary>A row a request owes the database that may wait for the request's next write.</summary>
public interface IPendingWrite
{
    /// <summary>Written even when the request ends in a refusal (a used sign-in state), or dropped then (a last-sign-in time).</summary>
    bool KeepWhenRefused { get; }

    Task WriteAsync(RowWriter rows, CancellationToken cancellationToken);

    /// <summary>What the failed write means for the request when this row caused it, else null.</summary>
    Exception? Explain(DbUpdateException failure);
}

/// <summary>
/// Rows a request owes the database that ride in the transaction of its next write instead of each committing on its
/// own: a DingTalk sign-in's used state and its binding's last sign-in are written with its session row, one commit
/// (and one fsync) per sign-in. The request's owner writes whatever is still pending when it is done (<see cref="FlushAsync"/>).
/// </summary>
public sealed class PendingWrites
{
    private readonly List<IPendingWrite> writes = [];

    public static PendingWrites? Of(HttpContext? http) => http?.Features.Get<PendingWrites>();

    public static PendingWrites For(HttpContext http)
    {
        if (Of(http) is { } pending)
        {
            return pending;
        }

        pending = new PendingWrites();
        http.Features.Set(pending);
        return pending;
    }

    public bool IsEmpty => writes.Count == 0;

    public void Add(IPendingWrite write) => writes.Add(write);

    /// <summary>The request is refused: only what must be written regardless stays.</summary>
    public void Refused() => writes.RemoveAll(w => !w.KeepWhenRefused);

    /// <summary>Writes the rows in the caller's transaction; call <see cref="Saved"/> after its commit, or <see cref="Failed"/> when it threw.</summary>
    public async Task WriteAsync(RowWriter rows, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            await write.WriteAsync(rows, cancellationToken);
        }
    }

    public void Saved() => writes.Clear();

    /// <summary>
    /// The exception the caller throws instead of <paramref name="failure"/> when a pending row caused it (that row is
    /// then settled and leaves the list); null when the failure is the caller's own, and everything stays pending.
    /// </summary>
    public Exception? Failed(DbUpdateException failure)
    {
        foreach (var write in writes)
        {
            if (write.Explain(failure) is { } meaning)
            {
                writes.Remove(write);
                return meaning;
            }
        }

        return null;
    }

    /// <summary>
    /// Writes what is still pending in a transaction of its own. Answers the explained failure when a pending row caused
    /// one (the others are then written without it); a failure no pending row explains is thrown.
    /// </summary>
    public async Task<Exception?> FlushAsync(IDbContextFactory<AppDbContext> contexts, CancellationToken cancellationToken)
    {
        Exception? meaning = null;
        while (!IsEmpty)
        {
            try
            {
                await RowWriter.InTransactionAsync(contexts, rows => WriteAsync(rows, cancellationToken), cancellationToken);
                Saved();
            }
            catch (DbUpdateException e) when (Failed(e) is { } explained)
            {
                // Every explained failure settles one row, so this ends.
                meaning ??= explained;
            }
        }

        return meaning;
    }
}
