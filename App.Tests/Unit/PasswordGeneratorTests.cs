using BlazorAuth.Features.Users;
using BlazorAuth.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Unit;

public sealed class PasswordGeneratorTests
{
    private const int Samples = 200;

    [Fact]
    public void Default_password_is_24_characters()
    {
        Assert.Equal(24, PasswordGenerator.Generate().Length);
        Assert.Equal(40, PasswordGenerator.Generate(40).Length);
    }

    [Fact]
    public void Too_short_a_length_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(8));

    [Fact]
    public void Every_password_has_upper_lower_digit_and_symbol()
    {
        for (var i = 0; i < Samples; i++)
        {
            var password = PasswordGenerator.Generate(12);
            Assert.Contains(password, char.IsUpper);
            Assert.Contains(password, char.IsLower);
            Assert.Contains(password, char.IsDigit);
            Assert.Contains(password, c => !char.IsLetterOrDigit(c));
        }
    }

    [Fact]
    public void Passwords_do_not_repeat()
    {
        var passwords = Enumerable.Range(0, Samples).Select(_ => PasswordGenerator.Generate()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Samples, passwords.Count);
    }

    [Fact]
    public async Task Identity_password_validator_accepts_every_generated_password()
    {
        var options = new IdentityOptions();
        options.Password.RequiredLength = 12;
        options.Password.RequiredUniqueChars = 6;
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var users = new UserManager<AppUser>(
            new UserStore<AppUser>(db), Options.Create(options), new PasswordHasher<AppUser>(), [], [],
            new UpperInvariantLookupNormalizer(), new IdentityErrorDescriber(), new ServiceCollection().BuildServiceProvider(), NullLogger<UserManager<AppUser>>.Instance);
        var validator = new PasswordValidator<AppUser>();

        for (var i = 0; i < Samples; i++)
        {
            var password = PasswordGenerator.Generate(12);
            var result = await validator.ValidateAsync(users, new AppUser(), password);
            Assert.True(result.Succeeded, $"{password}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
