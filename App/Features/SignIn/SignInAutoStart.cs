namespace BlazorAuth.Features.SignIn;

/// <summary>
/// A feature that may start a sign-in on /signin by itself for this visit (e.g. inside a provider's own client app).
/// The page asks only when it shows no error and is not the one right after a sign-out, so nothing can loop.
/// </summary>
public interface ISignInAutoStart
{
    /// <summary>The component that starts it, or null for an ordinary visit (which then gets nothing extra).</summary>
    SignInAutoStartComponent? For(HttpContext http, string? returnUrl);
}

public sealed record SignInAutoStartComponent(Type Component, IDictionary<string, object?> Parameters);
