namespace BlazorAuth.Features.SignIn;

public sealed class SignInText;
