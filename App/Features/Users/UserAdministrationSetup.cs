using FluentValidation;

namespace BlazorAuth.Features.Users;

public static class UserAdministrationSetup
{
    public static WebApplicationBuilder AddUserAdministration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<UserUniqueness>();
        services.AddScoped<PasswordRules>();
        services.AddScoped<UserFieldsValidator>();
        services.AddScoped<IValidator<NewUserInput>, NewUserValidator>();
        services.AddScoped<IValidator<UserEdit>, UserEditValidator>();
        services.AddScoped<AdministratorGuard>();
        services.AddScoped<IUserAdministration, UserAdministration>();
        return builder;
    }
}
