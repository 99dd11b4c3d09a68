namespace BlazorAuth.Features.Sessions;

public sealed class SessionsText;
