using System.Data;
using System.Security.Cryptography;
using BlazorAuth.Features.Authenticators;
using BlazorAuth.Features.SignIn;
using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static BlazorAuth.Features.ExternalSignIn.ExternalUserRows;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// Finds who an external sign-in is, for every provider: the binding, else the verified mobile, else (if allowed) a new user.
/// A returning user's sign-in is one read here; its binding's refresh is owed to the session's write (<see cref="ResolveResult.Owed"/>),
/// so the sign-in commits once. Anything that creates a binding runs in one serialised
/// transaction. Each attempt has a fresh scope; a lost race (a unique index, a serialisation failure) throws the
/// attempt away and the lookup runs again.
/// </summary>
public sealed class ExternalUserResolver(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExternalUserResolver> logger)
{
    private const int Attempts = 3;

    public Task<ResolveResult> ResolveAsync(Authenticator authenticator, ResolutionRules rules, ExternalIdentity profile, CancellationToken ct) =>
        RetryOnRaceAsync(services => ResolveOnceAsync(services, authenticator, rules, profile, ct), authenticator, profile);

    /// <summary>
    /// Binds the external account to <paramref name="userId"/>, who is signed in and asked for it. Never creates a user,
    /// never moves a binding from another user, and never replaces the user's own binding on this authenticator.
    /// </summary>
    public Task<LinkOutcome> LinkAsync(Authenticator authenticator, string userId, ExternalIdentity profile, CancellationToken ct) =>
        RetryOnRaceAsync(services => LinkOnceAsync(services, authenticator, userId, profile, ct), authenticator, profile);

    /// <summary>One attempt per fresh scope; a unique-index violation means another request won, so look again.</summary>
    private async Task<T> RetryOnRaceAsync<T>(Func<IServiceProvider, Task<T>> attemptOnce, Authenticator authenticator, ExternalIdentity profile)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                return await attemptOnce(scope.ServiceProvider);
            }
            catch (Exception ex) when (attempt < Attempts && IsLostRace(ex))
            {
                logger.LogInformation(ex, "A concurrent external request for {ProviderKey} on {Authenticator} won the race; trying again.", profile.ProviderKey, authenticator.Name);
            }
        }
    }

    /// <summary>
    /// A unique index or the database's serialisation said another request got there first: SQLite and SQL Server
    /// through <see cref="DbUpdateException"/>; PostgreSQL with SQLSTATE 23505 (unique), 40001 (serialisation, which
    /// may come at a read or at commit, not only from SaveChanges) or 40P01 (deadlock), however EF wrapped it.
    /// </summary>
    internal static bool IsLostRace(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateException || e is Npgsql.PostgresException { SqlState: "23505" or "40001" or "40P01" })
            {
                return true;
            }
        }

        return false;
    }

    private async Task<LinkOutcome> LinkOnceAsync(IServiceProvider services, Authenticator authenticator, string userId, ExternalIdentity profile, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.IsLockedByAdmin)
        {
            return LinkOutcome.UserUnavailable;
        }

        var binding = await db.UserBindings.FirstOrDefaultAsync(b => b.AuthenticatorId == authenticator.Id && b.ProviderKey == profile.ProviderKey, ct);
        if (binding is not null)
        {
            if (binding.UserId != userId)
            {
                return LinkOutcome.BoundToAnotherUser;
            }

            Refresh(binding, profile, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return LinkOutcome.AlreadyLinked;
        }

        if (await db.UserBindings.AnyAsync(b => b.AuthenticatorId == authenticator.Id && b.UserId == userId, ct))
        {
            return LinkOutcome.UserHasAnotherBinding;
        }

        db.UserBindings.Add(NewBinding(authenticator, user, profile, now));
        BlazorAuth.Features.Audit.AuditTrail.Stage(db, clock, BlazorAuth.Features.Audit.AuditEventTypes.AccountLinked, userId, userId, authenticator.Name);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("{Type} {ProviderKey} linked to signed-in user {UserId} on {Authenticator}.", authenticator.Type, profile.ProviderKey, userId, authenticator.Name);
        return LinkOutcome.Linked;
    }

    private async Task<ResolveResult> ResolveOnceAsync(IServiceProvider services, Authenticator authenticator, ResolutionRules rules, ExternalIdentity profile, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        // A returning user, by far the most common case, costs one read: a binding, once there, is never taken over, so
        // its refresh can ride with the session. A changed name or avatar is written now, guarded by the user's stamp.
        if (await FindBindingAsync(db, authenticator, profile, ct) is { } returning)
        {
            return await SignInBoundAsync(db, returning, rules, profile, now, owe: true, ct);
        }

        // Everything else reads, decides and writes, so it runs serialised with whatever else concerns this identity,
        // its mobile or its email: two first sign-ins of one person make one user, and the loser of the race finds the
        // winner's binding on its next attempt. Sign-ups of different people do not wait for each other.
        var users = services.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await db.Database.BeginSerialTransactionAsync(SignUpKeys(users, authenticator, profile), ct);
        if (await FindBindingAsync(db, authenticator, profile, ct) is { } binding)
        {
            var bound = await SignInBoundAsync(db, binding, rules, profile, now, owe: false, ct);
            await tx.CommitAsync(ct);
            return bound;
        }

        var mobile = profile.NormalizedMobile;
        if (mobile is null)
        {
            return ResolveResult.Refused(SignInErrors.MissingMobile);
        }

        // Without mobile matching, an unbound identity never takes over a user; that user links it on /account instead.
        if (!rules.MatchExistingByMobile && await db.Users.AnyAsync(u => u.NormalizedPhoneNumber == mobile, ct))
        {
            logger.LogInformation("{Type} sign-in on {Authenticator} refused: the mobile of {ProviderKey} belongs to a user, and this authenticator does not match by mobile.", authenticator.Type, authenticator.Name, profile.ProviderKey);
            return ResolveResult.Refused(SignInErrors.MobileMustLink);
        }

        // Two rows are enough to tell "ambiguous"; the order only keeps EF from warning about a limit without one.
        var matches = await db.Users.Where(u => u.NormalizedPhoneNumber == mobile).OrderBy(u => u.Id).Take(2).ToListAsync(ct);
        if (matches.Count > 1)
        {
            logger.LogWarning("{Type} sign-in on {Authenticator} refused: several users share the mobile of {ProviderKey}.", authenticator.Type, authenticator.Name, profile.ProviderKey);
            return ResolveResult.Refused(SignInErrors.MobileAmbiguous);
        }

        if (matches.Count == 1)
        {
            var user = matches[0];
            // A phone number on an administrator may be a typo or recycled: it never hands their rights to an external
            // account. Administrators link such accounts themselves, on /account, after signing in with their password.
            if (await users.IsInRoleAsync(user, AppRoles.Admin))
            {
                logger.LogWarning("{Type} sign-in on {Authenticator} refused: the mobile of {ProviderKey} belongs to administrator {UserId}.", authenticator.Type, authenticator.Name, profile.ProviderKey, user.Id);
                return ResolveResult.Refused(SignInErrors.AdminMustLink, user);
            }

            if (await db.UserBindings.AnyAsync(b => b.AuthenticatorId == authenticator.Id && b.UserId == user.Id, ct))
            {
                logger.LogWarning("{Type} sign-in on {Authenticator} refused: user {UserId} is bound to another account there.", authenticator.Type, authenticator.Name, user.Id);
                return ResolveResult.Refused(SignInErrors.MobileBoundElsewhere, user);
            }

            if (user.IsLockedByAdmin)
            {
                return ResolveResult.Refused(SignInErrors.AccountUnavailable, user);
            }

            db.UserBindings.Add(NewBinding(authenticator, user, profile, now));
            if (rules.UpdateProfile)
            {
                CopyProfile(user, profile);
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("{Type} {ProviderKey} bound to existing user {UserId} on {Authenticator} by mobile.", authenticator.Type, profile.ProviderKey, user.Id, authenticator.Name);
            return ResolveResult.For(user);
        }

        if (!rules.AutoSignup)
        {
            return ResolveResult.Refused(SignInErrors.UserNotFound);
        }

        var created = new AppUser
        {
            UserName = authenticator.Type + "_" + RandomNumberGenerator.GetHexString(12, lowercase: true),
            DisplayName = profile.DisplayName,
            PhoneNumber = mobile,
            PhoneNumberConfirmed = true,
            AvatarUrl = profile.AvatarUrl,
            CreatedAt = now,
        };

        // A provider's email is unverified: the user gets it only while nobody else has it as email or as sign-in name
        // (password sign-in looks both up), compared without case. The binding keeps it regardless.
        if (profile.Email is { } email && !await EmailOrNameTakenAsync(db, users, email, ct))
        {
            created.Email = email;
        }

        var result = await users.CreateAsync(created);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Creating the {authenticator.Type} user failed: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }

        db.UserBindings.Add(NewBinding(authenticator, created, profile, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("{Type} {ProviderKey} signed up as new user {UserId} on {Authenticator}.", authenticator.Type, profile.ProviderKey, created.Id, authenticator.Name);
        return ResolveResult.For(created);
    }

    // Compiled once: every returning sign-in runs it, and EF's expression walk and query-cache lookup cost more than the query.
    private static readonly Func<AppDbContext, int, string, CancellationToken, Task<UserBinding?>> BindingOf =
        EF.CompileAsyncQuery((AppDbContext db, int authenticatorId, string providerKey, CancellationToken _) =>
            db.UserBindings.Include(b => b.User).FirstOrDefault(b => b.AuthenticatorId == authenticatorId && b.ProviderKey == providerKey));

    private static Task<UserBinding?> FindBindingAsync(AppDbContext db, Authenticator authenticator, ExternalIdentity profile, CancellationToken ct) =>
        BindingOf(db, authenticator.Id, profile.ProviderKey, ct);

    private static async Task<ResolveResult> SignInBoundAsync(
        AppDbContext db, UserBinding binding, ResolutionRules rules, ExternalIdentity profile, DateTime now, bool owe, CancellationToken ct)
    {
        if (binding.User!.IsLockedByAdmin)
        {
            return ResolveResult.Refused(SignInErrors.AccountUnavailable, binding.User);
        }

        Refresh(binding, profile, now);
        if (!(rules.UpdateProfile && CopyProfile(binding.User!, profile)) && owe)
        {
            return ResolveResult.For(binding.User!) with { Owed = BindingRefresh.Of(db, binding) };
        }

        await db.SaveChangesAsync(ct);
        return ResolveResult.For(binding.User!);
    }

    /// <summary>
    /// What another sign-up could write that this one reads: the identity's binding, a user with this mobile, a user with
    /// this email (sign-ups give new users random names, so the email-as-name check needs no key of its own).
    /// </summary>
    private static IEnumerable<string> SignUpKeys(UserManager<AppUser> users, Authenticator authenticator, ExternalIdentity profile)
    {
        yield return $"identity:{authenticator.Id}:{profile.ProviderKey}";
        if (profile.NormalizedMobile is { } mobile)
        {
            yield return "mobile:" + mobile;
        }

        if (profile.Email is { } email)
        {
            yield return "email:" + users.NormalizeEmail(email);
        }
    }

    private static Task<bool> EmailOrNameTakenAsync(AppDbContext db, UserManager<AppUser> users, string email, CancellationToken ct)
    {
        var asEmail = users.NormalizeEmail(email);
        var asName = users.NormalizeName(email);
        return db.Users.AnyAsync(u => u.NormalizedEmail == asEmail || u.NormalizedUserName == asName, ct);
    }
}
