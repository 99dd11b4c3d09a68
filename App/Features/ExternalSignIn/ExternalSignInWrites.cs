using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>A sign-in the database refused at its write, as the code the browser is sent to /signin with.</summary>
public sealed class ExternalSignInRefusal(string code) : Exception($"The sign-in was refused at its write: {code}.")
{
    public string Code { get; } = code;
}

/// <summary>The used state of a callback, written with the sign-in's session; a duplicate key means a replay won first.</summary>
internal sealed record UsedStateWrite(string Key, DateTime ExpiresAt) : IPendingWrite
{
    public bool KeepWhenRefused => true;

    public Task WriteAsync(RowWriter rows, CancellationToken cancellationToken) =>
        rows.InsertAsync(new ConsumedState { Key = Key, ExpiresAt = ExpiresAt }, cancellationToken);

    // Every provider names the table or its primary key in a duplicate-key message: SQLite "UNIQUE constraint failed:
    // ConsumedStates.Key", PostgreSQL and SQL Server "PK_ConsumedStates".
    public Exception? Explain(DbUpdateException failure) =>
        failure is not DbUpdateConcurrencyException && Messages(failure).Any(m => m.Contains("ConsumedStates", StringComparison.Ordinal))
            ? new ExternalSignInRefusal(SignInErrors.StateReplayed)
            : null;

    private static IEnumerable<string> Messages(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            yield return e.Message;
        }
    }
}

/// <summary>
/// A returning user's binding, refreshed with what the provider reported (at least the last sign-in), written with the
/// session. Only the changed columns are set; a binding deleted meanwhile (unlinked, or its user deleted) refuses the sign-in.
/// </summary>
internal sealed record BindingRefresh(int BindingId, IReadOnlyList<KeyValuePair<string, object?>> Changes) : IPendingWrite
{
    public bool KeepWhenRefused => false;

    public static BindingRefresh Of(AppDbContext db, UserBinding binding) => new(binding.Id,
        [.. db.Entry(binding).Properties.Where(p => p.IsModified).Select(p => KeyValuePair.Create(p.Metadata.Name, p.CurrentValue))]);

    public async Task WriteAsync(RowWriter rows, CancellationToken cancellationToken)
    {
        if (Changes.Count > 0 && await rows.UpdateAsync<UserBinding>(BindingId, Changes, cancellationToken) == 0)
        {
            throw new BindingGone(BindingId);
        }
    }

    public Exception? Explain(DbUpdateException failure) =>
        failure is BindingGone gone && gone.BindingId == BindingId ? new ExternalSignInRefusal(SignInErrors.AccountUnavailable) : null;

    private sealed class BindingGone(int bindingId) : DbUpdateConcurrencyException($"Binding {bindingId} was deleted before the sign-in could refresh it.")
    {
        public int BindingId { get; } = bindingId;
    }
}
