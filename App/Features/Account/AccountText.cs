namespace BlazorAuth.Features.Account;

public sealed class AccountText;
