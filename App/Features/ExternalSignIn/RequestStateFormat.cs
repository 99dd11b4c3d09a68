using Microsoft.AspNetCore.Authentication;

namespace BlazorAuth.Features.ExternalSignIn;

/// <summary>
/// A scheme's state format that decrypts a given state once per request: <see cref="ExternalStateGuard"/> reads the state
/// before the handler does, and that was a second AES and HMAC on every callback. Each caller gets its own copy of the
/// properties, so what one changes the other never sees.
/// </summary>
internal sealed class RequestStateFormat(ISecureDataFormat<AuthenticationProperties> inner, IHttpContextAccessor httpContexts)
    : ISecureDataFormat<AuthenticationProperties>
{
    public string Protect(AuthenticationProperties data) => inner.Protect(data);

    public string Protect(AuthenticationProperties data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationProperties? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationProperties? Unprotect(string? protectedText, string? purpose)
    {
        if (purpose is not null || protectedText is null || httpContexts.HttpContext?.Items is not { } items)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        // Keyed by this instance: every scheme has its own format, so one scheme's state never answers for another's.
        if (items.TryGetValue(this, out var seen) && seen is Decrypted decrypted && decrypted.Text == protectedText)
        {
            return decrypted.Properties?.Clone();
        }

        var properties = inner.Unprotect(protectedText);
        items[this] = new Decrypted(protectedText, properties);
        return properties?.Clone();
    }

    private sealed record Decrypted(string Text, AuthenticationProperties? Properties);
}
