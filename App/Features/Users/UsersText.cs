namespace BlazorAuth.Features.Users;

public sealed class UsersText;
