using BlazorAuth.Features.Plugins;
using BlazorAuth.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Authenticators;

/// <summary>The common fields. <see cref="Existing"/> is null on creation.</summary>
public sealed record AuthenticatorWrite(AuthenticatorInput Input, Authenticator? Existing);

public sealed class AuthenticatorInputValidator : AbstractValidator<AuthenticatorWrite>
{
    // \z, not $: "$" also matches before a trailing newline, which would let "name\n" through.
    public const string NamePattern = @"^[A-Za-z0-9_-]+\z";

    public AuthenticatorInputValidator(
        IDbContextFactory<AppDbContext> contexts,
        PluginCatalog catalog,
        AuthenticatorSnapshot snapshot,
        IStringLocalizer<AuthenticatorsText> L)
    {
        RuleFor(w => w.Input.Name)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().OverridePropertyName("name").WithMessage(_ => L["NameRequired"])
            .MaximumLength(Authenticator.NameMaxLength).WithMessage(_ => L["NameTooLong", Authenticator.NameMaxLength])
            .Matches(NamePattern).WithMessage(_ => L["NamePattern"])
            .Must((w, name) => w.Existing is null || w.Existing.Name == name).WithMessage(_ => L["NameImmutable"])
            .MustAsync(async (w, name, ct) =>
            {
                if (w.Existing is not null)
                {
                    return true;
                }

                // Case-insensitive on every provider (SQL Server's collation already is; SQLite's index is not),
                // so "Basic" and "basic" can never be two authenticators with look-alike callback URLs.
                await using var db = await contexts.CreateDbContextAsync(ct);
                var upper = name!.ToUpperInvariant();
                return !await db.Authenticators.AnyAsync(a => a.Name.ToUpper() == upper, ct);
            }).WithMessage(_ => L["NameTaken"]);

        RuleFor(w => w.Input.Type)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().OverridePropertyName("type").WithMessage(_ => L["TypeRequired"])
            .Must(type => catalog.FindType(type!) is not null).WithMessage(_ => L["TypeUnknown"])
            .Must((w, type) => w.Existing is null || w.Existing.Type == type).WithMessage(_ => L["TypeImmutable"])
            .Must((w, type) => w.Existing is not null
                || (catalog.FindType(type!) is { } t && catalog.FindPlugin(t.PluginName) is { } p && snapshot.Current.IsPluginActive(p)))
            .WithMessage(_ => L["TypePluginInactive"]);

        RuleFor(w => w.Input.Title)
            .MaximumLength(Authenticator.TitleMaxLength).OverridePropertyName("title").WithMessage(_ => L["TitleTooLong", Authenticator.TitleMaxLength]);

        RuleFor(w => w.Input.Description)
            .MaximumLength(Authenticator.DescriptionMaxLength).OverridePropertyName("description").WithMessage(_ => L["DescriptionTooLong", Authenticator.DescriptionMaxLength]);
    }
}
