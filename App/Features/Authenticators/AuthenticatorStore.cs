using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorAuth.Features.Audit;
using BlazorAuth.Features.Plugins;
using BlazorAuth.Infrastructure.Data;
using BlazorAuth.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

/// <summary>
/// Every write to authenticators goes through here, from the console and the API alike: the same validators,
/// the same rules, secrets encrypted, and the in-memory snapshot refreshed afterwards.
/// </summary>
public sealed class AuthenticatorStore(
    IDbContextFactory<AppDbContext> contexts,
    PluginCatalog catalog,
    AuthenticatorSnapshot snapshot,
    AuthenticatorSecrets secrets,
    AuthenticatorRules rules,
    AuthenticatorInputCheck check,
    TimeProvider clock,
    AuditActor actor,
    IStringLocalizer<AuthenticatorsText> L,
    ILogger<AuthenticatorStore> logger)
{
    public static readonly JsonSerializerOptions Json = AppJson.Options;

    public async Task<IReadOnlyList<AuthenticatorView>> ListAsync(Func<string, string?>? redirectUrl = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Authenticators.AsNoTracking().OrderBy(a => a.Sort).ThenBy(a => a.Id).ToListAsync(ct);
        var states = await db.Plugins.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Enabled, ct);
        return [.. rows.Select(a => ToView(a, states, redirectUrl))];
    }

    public async Task<AuthenticatorView?> GetAsync(string name, Func<string, string?>? redirectUrl = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Authenticators.AsNoTracking().FirstOrDefaultAsync(a => a.Name == name, ct);
        if (row is null)
        {
            return null;
        }

        var states = await db.Plugins.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Enabled, ct);
        return ToView(row, states, redirectUrl);
    }

    /// <summary>Validates without saving, so the drawer can show the server's verdict inline as the admin types.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(
        AuthenticatorInput input, string? existingName, object? settings = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var existing = existingName is null ? null : await db.Authenticators.AsNoTracking().FirstOrDefaultAsync(a => a.Name == existingName, ct);
        var (errors, _, _) = await check.CheckAsync(input, settings, existing, ct);
        return errors;
    }

    public Task<StoreResult<AuthenticatorView>> CreateAsync(AuthenticatorInput input, CancellationToken ct = default) =>
        CreateAsync(input, null, ct);

    /// <param name="settings">The console's typed options; null to read <see cref="AuthenticatorInput.Options"/> (the API's JSON).</param>
    public async Task<StoreResult<AuthenticatorView>> CreateAsync(AuthenticatorInput input, object? settings, CancellationToken ct = default)
    {
        var (errors, publicOptions, secretValues) = await check.CheckAsync(input, settings, null, ct);
        if (errors.Count > 0)
        {
            return StoreResult<AuthenticatorView>.Invalid(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var sort = await db.Authenticators.Select(a => (int?)a.Sort).MaxAsync(ct) ?? -1;
        var row = new Authenticator
        {
            Name = input.Name!,
            Type = input.Type!,
            Title = Normalize(input.Title),
            Description = Normalize(input.Description),
            Enabled = input.Enabled,
            Sort = sort + 1,
            OptionsJson = publicOptions!.ToJsonString(Json),
            ProtectedSecrets = secrets.Protect(secretValues!),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Authenticators.Add(row);
        AuditTrail.Stage(db, clock, AuditEventTypes.AuthenticatorCreated, await actor.IdAsync(), authenticator: row.Name, detail: row.Type);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin took the name between the check and the insert; the unique index is the arbiter.
            await tx.RollbackAsync(ct);
            if (await NameExistsAsync(row.Name, ct))
            {
                return StoreResult<AuthenticatorView>.Invalid(new Dictionary<string, string[]> { ["name"] = [L["NameTaken"]] });
            }

            throw;
        }

        logger.LogInformation("Authenticator {Name} of type {Type} created.", row.Name, row.Type);
        return await CommittedAsync(row.Name, ct);
    }

    public Task<StoreResult<AuthenticatorView>> UpdateAsync(string name, AuthenticatorInput input, CancellationToken ct = default) =>
        UpdateAsync(name, input, null, ct);

    public async Task<StoreResult<AuthenticatorView>> UpdateAsync(string name, AuthenticatorInput input, object? settings, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var row = await db.Authenticators.FirstOrDefaultAsync(a => a.Name == name, ct);
        if (row is null)
        {
            return StoreResult<AuthenticatorView>.NotFound();
        }

        var (errors, publicOptions, secretValues) = await check.CheckAsync(input, settings, row, ct);
        if (errors.Count > 0)
        {
            return StoreResult<AuthenticatorView>.Invalid(errors);
        }

        if (row.Enabled && !input.Enabled && await rules.RefuseAsync(db, disabled: [row.Id], deleted: [], deactivatedPlugin: null, ct) is { } refusal)
        {
            return StoreResult<AuthenticatorView>.Conflict(refusal);
        }

        AuditTrail.StageEdit(db, clock, row.Name, row.Enabled, input.Enabled, check.ReadableSecrets(row), secretValues!, await actor.IdAsync());
        row.Title = Normalize(input.Title);
        row.Description = Normalize(input.Description);
        row.Enabled = input.Enabled;
        row.OptionsJson = publicOptions!.ToJsonString(Json);
        row.ProtectedSecrets = secrets.Protect(secretValues!);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Authenticator {Name} updated.", row.Name);
        return await CommittedAsync(row.Name, ct);
    }

    /// <summary>The list's switch: only the Enabled flag changes, under the same rules.</summary>
    public async Task<StoreResult<AuthenticatorView>> SetEnabledAsync(string name, bool enabled, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var row = await db.Authenticators.FirstOrDefaultAsync(a => a.Name == name, ct);
        if (row is null)
        {
            return StoreResult<AuthenticatorView>.NotFound();
        }

        if (row.Enabled && !enabled && await rules.RefuseAsync(db, disabled: [row.Id], deleted: [], deactivatedPlugin: null, ct) is { } refusal)
        {
            return StoreResult<AuthenticatorView>.Conflict(refusal);
        }

        AuditTrail.Stage(db, clock, enabled ? AuditEventTypes.AuthenticatorEnabled : AuditEventTypes.AuthenticatorDisabled, await actor.IdAsync(), authenticator: row.Name);
        row.Enabled = enabled;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Authenticator {Name} {State}.", row.Name, enabled ? "enabled" : "disabled");
        return await CommittedAsync(row.Name, ct);
    }

    /// <summary>Deletes one or several authenticators at once (all or nothing), with their user bindings.</summary>
    public async Task<StoreResult<int>> DeleteAsync(IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var rows = await db.Authenticators.Where(a => names.Contains(a.Name)).ToListAsync(ct);
        if (rows.Count != names.Distinct().Count())
        {
            return StoreResult<int>.NotFound();
        }

        if (await rules.RefuseAsync(db, disabled: [], deleted: [.. rows.Select(r => r.Id)], deactivatedPlugin: null, ct) is { } refusal)
        {
            return StoreResult<int>.Conflict(refusal);
        }

        db.Authenticators.RemoveRange(rows);
        var deletedBy = await actor.IdAsync();
        rows.ForEach(r => AuditTrail.Stage(db, clock, AuditEventTypes.AuthenticatorDeleted, deletedBy, authenticator: r.Name, detail: r.Type));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Authenticators deleted: {Names}.", string.Join(", ", rows.Select(r => r.Name)));
        await snapshot.ReloadAsync(ct);
        return StoreResult<int>.Ok(rows.Count);
    }

    /// <summary>Moves <paramref name="name"/> just before <paramref name="before"/>, or to the end when it is null.</summary>
    public async Task<StoreResult<bool>> MoveAsync(string name, string? before, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var rows = await db.Authenticators.OrderBy(a => a.Sort).ThenBy(a => a.Id).ToListAsync(ct);
        var moving = rows.FirstOrDefault(a => a.Name == name);
        var target = before is null ? null : rows.FirstOrDefault(a => a.Name == before);
        if (moving is null || (before is not null && target is null))
        {
            return StoreResult<bool>.NotFound();
        }

        rows.Remove(moving);
        rows.Insert(target is null ? rows.Count : rows.IndexOf(target), moving);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Sort = i;
        }

        AuditTrail.Stage(db, clock, AuditEventTypes.AuthenticatorReordered, await actor.IdAsync(), authenticator: name, detail: string.Join(",", rows.Select(r => r.Name)));

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await snapshot.ReloadAsync(ct);
        return StoreResult<bool>.Ok(true);
    }

    public string? RedirectUrlOf(AuthenticatorView view, Func<string, string?> redirectUrl) =>
        catalog.FindType(view.Type)?.CallbackPath is { } path ? redirectUrl(path(view.Name)) : null;

    /// <summary>The typed options of an authenticator as an admin edits them: public values, and no secret.</summary>
    public object EditableOptions(AuthTypeDefinition type, JsonObject? publicOptions) =>
        publicOptions is null
            ? Activator.CreateInstance(type.OptionsType)!
            : publicOptions.Deserialize(type.OptionsType, Json) ?? Activator.CreateInstance(type.OptionsType)!;

    private async Task<StoreResult<AuthenticatorView>> CommittedAsync(string name, CancellationToken ct)
    {
        await snapshot.ReloadAsync(ct);
        return StoreResult<AuthenticatorView>.Ok((await GetAsync(name, ct: ct))!);
    }

    private async Task<bool> NameExistsAsync(string name, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var upper = name.ToUpperInvariant();
        return await db.Authenticators.AnyAsync(a => a.Name.ToUpper() == upper, ct);
    }

    private AuthenticatorView ToView(Authenticator row, IReadOnlyDictionary<string, bool> states, Func<string, string?>? redirectUrl)
    {
        var type = catalog.FindType(row.Type);
        var plugin = type is null ? null : catalog.FindPlugin(type.PluginName);
        var active = plugin is not null && (plugin.BuiltIn || states.GetValueOrDefault(plugin.Name));
        var options = WithDefaults(type, row.OptionsJson);
        var secretsSet = type is null || row.ProtectedSecrets is null
            ? []
            : check.ReadableSecrets(row).Keys.Where(type.SecretFields.Contains).ToList();
        var callback = type?.CallbackPath is { } path && redirectUrl is not null ? redirectUrl(path(row.Name)) : null;
        return new AuthenticatorView(row.Id, row.Name, row.Type, row.Title, row.Description, row.Enabled, row.Sort, active,
            options, secretsSet, callback, row.CreatedAt, row.UpdatedAt);
    }

    /// <summary>
    /// The stored options read through the type's options class, so fields added since they were saved show their
    /// defaults (the behaviour the authenticator has) without a data migration. Secrets never reach the answer.
    /// </summary>
    private static JsonObject WithDefaults(AuthTypeDefinition? type, string optionsJson)
    {
        if (type is null)
        {
            return JsonNode.Parse(optionsJson) as JsonObject ?? [];
        }

        var typed = JsonSerializer.Deserialize(optionsJson, type.OptionsType, Json) ?? Activator.CreateInstance(type.OptionsType);
        var options = JsonSerializer.SerializeToNode(typed, type.OptionsType, Json) as JsonObject ?? [];
        foreach (var field in type.SecretFields)
        {
            options.Remove(field);
        }

        return options;
    }

    private static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
