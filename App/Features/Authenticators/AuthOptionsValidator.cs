using FluentValidation;
using FluentValidation.Results;

namespace BlazorAuth.Features.Authenticators;

/// <summary>One auth type's options validator, behind a face that needs no type argument, so the store asks for none.</summary>
public interface IAuthOptionsValidator
{
    string Type { get; }

    Task<ValidationResult> ValidateAsync(object options, CancellationToken ct);
}

internal sealed class AuthOptionsValidator<TOptions>(string type, IValidator<TOptions> inner) : IAuthOptionsValidator
{
    public string Type => type;

    public Task<ValidationResult> ValidateAsync(object options, CancellationToken ct) => inner.ValidateAsync((TOptions)options, ct);
}
