namespace BlazorAuth.Features.Authenticators;

public sealed class AuthenticatorsText;
