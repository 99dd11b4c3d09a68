using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Features.Users;

/// <summary>
/// Creates the Admin role and, when no administrator exists yet, the first administrator.
/// Never touches an existing user, so a restart changes nothing.
/// </summary>
internal sealed class AdminSeeder(
    AppDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<AdminOptions> options,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<AdminSeeder> logger) : ISeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        // Every start but the first: one query, where Identity would look up the role and then load its users.
        var adminRole = roles.NormalizeKey(AppRoles.Admin);
        if (await db.Roles.AnyAsync(r => r.NormalizedName == adminRole && db.UserRoles.Any(ur => ur.RoleId == r.Id), cancellationToken))
        {
            return;
        }

        if (!await roles.RoleExistsAsync(AppRoles.Admin))
        {
            Ensure(await roles.CreateAsync(new IdentityRole(AppRoles.Admin)), "create the Admin role");
        }

        if (await users.GetUsersInRoleAsync(AppRoles.Admin) is { Count: > 0 })
        {
            return;
        }

        var settings = options.Value;
        if (await users.FindByEmailAsync(settings.Email) is not null)
        {
            logger.LogWarning("No administrator exists, but {Email} is taken by a user without the Admin role; nothing was seeded.", settings.Email);
            return;
        }

        var admin = new AppUser
        {
            UserName = settings.Email,
            Email = settings.Email,
            EmailConfirmed = true,
            DisplayName = settings.DisplayName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        var password = settings.Password;
        if (string.IsNullOrEmpty(password))
        {
            password = PasswordGenerator.Generate();
            admin.MustChangePassword = true;
            var file = WritePasswordFile(password, settings);
            logger.LogWarning("No Admin:Password is configured. A generated password for {Email} was written to {PasswordFile}; it must be changed at first sign-in.", settings.Email, file);
        }

        Ensure(await users.CreateAsync(admin, password), "create the administrator");
        Ensure(await users.AddToRoleAsync(admin, AppRoles.Admin), "grant the Admin role");
        logger.LogInformation("Seeded administrator {Email}.", settings.Email);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private string WritePasswordFile(string password, AdminOptions settings)
    {
        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, settings.DataDirectory));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, AdminOptions.PasswordFileName);
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), fileOptions))
        {
            writer.WriteLine(password);
        }

        return path;
    }

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
