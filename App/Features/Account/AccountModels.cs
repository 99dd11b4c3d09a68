namespace BlazorAuth.Features.Account;

/// <summary>One of the user's bindings as /account lists it. <see cref="LastSignInAt"/> is UTC.</summary>
public sealed record AccountBinding(string Authenticator, string Title, string? Nick, DateTime LastSignInAt, bool Usable);

/// <summary>A usable authenticator the user can still link, and the form action that starts it.</summary>
public sealed record LinkableAuthenticator(string Name, string Title, string LinkPath);
