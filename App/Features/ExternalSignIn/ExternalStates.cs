using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>A state that completed a callback, kept until it would have expired anyway.</summary>
public sealed class ConsumedState
{
    /// <summary>SHA-256 of the scheme and the state: the state itself is never stored.</summary>
    public required string Key { get; set; }

    public DateTime ExpiresAt { get; set; }
}

internal sealed class ConsumedStateConfiguration : IEntityTypeConfiguration<ConsumedState>
{
    public void Configure(EntityTypeBuilder<ConsumedState> state)
    {
        state.ToTable("ConsumedStates");
        state.HasKey(s => s.Key);
        state.Property(s => s.Key).HasMaxLength(64);
        state.HasIndex(s => s.ExpiresAt);
    }
}

/// <summary>
/// The stock OAuth handler neither expires a state (only its cookie expires, in the browser) nor remembers used ones.
/// This does both for every remote type: a state older than <see cref="Lifetime"/> is refused, and a used one is
/// recorded in the database so that a replay is refused on every instance, before its code is exchanged.
/// </summary>
public sealed class ExternalStateStore(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Compiled once: on every callback this skipped EF's expression walk and query-cache lookup (docs/benchmarks.md).
    private static readonly Func<AppDbContext, string, CancellationToken, Task<bool>> IsUsed =
        EF.CompileAsyncQuery((AppDbContext db, string key, CancellationToken _) => db.Set<ConsumedState>().Any(s => s.Key == key));

    /// <summary>
    /// The refusal code for this state, or null when it is fresh. A fresh state is only looked up now and owed to
    /// <paramref name="pending"/>, to be recorded with the request's next write (its session row, for a sign-in): a replay
    /// that arrives while the first callback is still running passes the lookup, and loses at that write, where the
    /// key is unique; by then DingTalk has refused its code anyway, as codes are single-use.
    /// </summary>
    public async Task<string?> ConsumeAsync(string scheme, string state, AuthenticationProperties properties, PendingWrites pending, CancellationToken cancellationToken)
    {
        if (!properties.Items.TryGetValue(ExternalSignInPaths.Items.IssuedAt, out var stamp)
            || !long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignInErrors.StateInvalid;
        }

        var issued = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var now = clock.GetUtcNow();
        if (now - issued > Lifetime || issued - now > TimeSpan.FromMinutes(1))
        {
            return SignInErrors.StateExpired;
        }

        var key = KeyOf(scheme, state);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await IsUsed(db, key, cancellationToken))
        {
            return SignInErrors.StateReplayed;
        }

        pending.Add(new UsedStateWrite(key, (issued + Lifetime).UtcDateTime));
        return null;
    }

    private static string KeyOf(string scheme, string state) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(scheme + "\n" + state)));

    /// <summary>
    /// Records any other single-use value a provider hands the app (e.g. a one-time code obtained without a state), in the
    /// same table and purge as used states. False when it was recorded before: a replay. <paramref name="scope"/> keeps
    /// values of different providers and authenticators apart.
    /// </summary>
    public Task<bool> ConsumeOnceAsync(string scope, string value, TimeSpan lifetime, CancellationToken cancellationToken) =>
        TryConsumeAsync(scope, value, clock.GetUtcNow() + lifetime, cancellationToken);

    private async Task<bool> TryConsumeAsync(string scheme, string state, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var key = KeyOf(scheme, state);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Set<ConsumedState>().Add(new ConsumedState { Key = key, ExpiresAt = expiresAt.UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The primary key decides a race between two replays.
            return false;
        }
    }
}

/// <summary>
/// Deletes used states once they would have expired anyway, off the sign-in path: a delete on every callback was a
/// second write in the request. Every instance runs it; the deletes are idempotent.
/// </summary>
internal sealed class ConsumedStatePurge(IDbContextFactory<AppDbContext> contexts, TimeProvider clock, ILogger<ConsumedStatePurge> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                var now = clock.GetUtcNow().UtcDateTime;
                await db.Set<ConsumedState>().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a failed purge only keeps a few rows longer.
                logger.LogWarning(ex, "Purging used sign-in states failed.");
            }
        }
    }
}

/// <summary>
/// Runs before the authentication middleware, so the handlers stay stock: a callback whose state is genuine and whose
/// correlation cookie is present, but which is expired or used, ends here, before any code exchange. A state that is not
/// genuine, or a callback without its cookie (another browser), is left to the handler, which refuses it without using it up.
/// </summary>
internal sealed class ExternalStateGuard(RequestDelegate next, ILogger<ExternalStateGuard> logger)
{
    private const string CorrelationMarker = "N";
    private const string CorrelationProperty = ".xsrf";

    public async Task InvokeAsync(HttpContext http, ExternalProviders providers, IAuthenticationSchemeProvider schemes, ExternalStateStore states,
        IDbContextFactory<AppDbContext> contexts)
    {
        if (!HttpMethods.IsGet(http.Request.Method)
            || !ExternalSignInPaths.TryParseCallback(http.Request.Path, out var type, out var name)
            || providers.Find(type) is not { } provider
            || http.Request.Query.ContainsKey("error")
            || await schemes.GetSchemeAsync(ExternalSignInPaths.Scheme(type, name)) is null)
        {
            await next(http);
            return;
        }

        var scheme = ExternalSignInPaths.Scheme(type, name);
        var options = provider.OptionsOf(http.RequestServices, scheme);
        var state = http.Request.Query["state"].ToString();
        var properties = state.Length == 0 ? null : options.StateDataFormat.Unprotect(state);
        if (properties is null
            || !properties.Items.TryGetValue(CorrelationProperty, out var correlationId)
            || http.Request.Cookies[options.CorrelationCookie.Name + correlationId] != CorrelationMarker)
        {
            await next(http);
            return;
        }

        var pending = PendingWrites.For(http);
        if (await states.ConsumeAsync(scheme, state, properties, pending, http.RequestAborted) is { } refusal)
        {
            Refuse(http, provider, name, properties, refusal, "the state was refused before any code exchange");
            return;
        }

        try
        {
            await next(http);
        }
        catch
        {
            pending.Refused();
            await TryFlushAsync(contexts, pending);
            throw;
        }

        // A sign-in wrote the used state with its session; a refusal, a failed exchange or a link still owes it.
        if (!pending.IsEmpty)
        {
            pending.Refused();
            if (await pending.FlushAsync(contexts, CancellationToken.None) is ExternalSignInRefusal { Code: var code } && !http.Response.HasStarted)
            {
                Refuse(http, provider, name, properties, code, "a concurrent callback used the state first");
            }
        }
    }

    private void Refuse(HttpContext http, ExternalProvider provider, string name, AuthenticationProperties properties, string code, string why)
    {
        logger.LogWarning("{Provider} sign-in on {Authenticator} failed ({Code}): {Why}.", provider.Definition.DisplayName, name, code, why);
        http.Response.Redirect(ExternalCompletion.FailureUrl(name, properties, code, permission: null, knownPermissions: null));
    }

    private async Task TryFlushAsync(IDbContextFactory<AppDbContext> contexts, PendingWrites pending)
    {
        try
        {
            await pending.FlushAsync(contexts, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The request already failed; this only keeps its state from being replayed, and DingTalk's codes are single-use.
            logger.LogWarning(e, "Recording a used sign-in state after a failed callback failed.");
        }
    }
}
