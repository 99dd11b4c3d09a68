namespace BlazorAuth.Infrastructure.Hosting;

/// <summary>How a write by an administrator ended, for the console and the API alike.</summary>
public enum StoreStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
}

public sealed record StoreResult<T>(StoreStatus Status, T? Value = default, IReadOnlyDictionary<string, string[]>? Errors = null, string? Message = null)
{
    public bool Succeeded => Status == StoreStatus.Ok;

    public static StoreResult<T> Ok(T value) => new(StoreStatus.Ok, value);

    public static StoreResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(StoreStatus.Invalid, Errors: errors);

    public static StoreResult<T> NotFound() => new(StoreStatus.NotFound);

    public static StoreResult<T> Conflict(string message) => new(StoreStatus.Conflict, Message: message);
}
