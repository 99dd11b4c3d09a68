using BlazorAuth.Features.Authenticators;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorAuth.Tests.Unit;

/// <summary>What the login request asks before it sends anyone to the provider: do the stored secrets still decrypt.</summary>
public sealed class AuthenticatorSecretsReadTests
{
    private static readonly string[] ClientSecret = ["clientSecret"];

    private static AuthenticatorSecrets Secrets(string application) =>
        new(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(Path.GetTempPath(), "blazorauth-secrets-" + application))));

    [Fact]
    public void Secrets_that_decrypt_with_every_field_are_readable_every_time()
    {
        var secrets = Secrets("one");
        var stored = secrets.Protect(new Dictionary<string, string> { ["clientSecret"] = "s3cret" });

        Assert.True(secrets.CanRead(stored, ClientSecret));
        Assert.True(secrets.CanRead(stored, ClientSecret));
    }

    [Fact]
    public void Secrets_without_a_required_field_or_without_any_value_are_not_readable()
    {
        var secrets = Secrets("one");

        Assert.False(secrets.CanRead(secrets.Protect(new Dictionary<string, string> { ["other"] = "x" }), ClientSecret));
        Assert.False(secrets.CanRead(null, ClientSecret));
        Assert.True(secrets.CanRead(null, []));
    }

    [Fact]
    public void Secrets_another_key_ring_wrote_are_not_readable_even_after_a_readable_value_was_checked()
    {
        var secrets = Secrets("one");
        var foreign = Secrets("two").Protect(new Dictionary<string, string> { ["clientSecret"] = "theirs" });
        Assert.True(secrets.CanRead(secrets.Protect(new Dictionary<string, string> { ["clientSecret"] = "ours" }), ClientSecret));

        Assert.False(secrets.CanRead(foreign, ClientSecret));
        Assert.False(secrets.CanRead(foreign, ClientSecret));
        Assert.False(secrets.CanRead("not protected at all", ClientSecret));
    }
}
