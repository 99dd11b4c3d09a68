using BlazorAuth.Features.DingTalk.Authentication;
using BlazorAuth.Features.ExternalSignIn;
using BlazorAuth.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorAuth.Tests.Unit;

/// <summary>The callback's state is decrypted once per request, for the state guard and the handler together.</summary>
public sealed class RequestStateFormatTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private sealed class CountingFormat : ISecureDataFormat<AuthenticationProperties>
    {
        private readonly PropertiesDataFormat stock = new(new EphemeralDataProtectionProvider().CreateProtector("test"));

        public int Unprotects { get; private set; }

        public string Protect(AuthenticationProperties data) => stock.Protect(data);

        public string Protect(AuthenticationProperties data, string? purpose) => stock.Protect(data, purpose);

        public AuthenticationProperties? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationProperties? Unprotect(string? protectedText, string? purpose)
        {
            Unprotects++;
            return stock.Unprotect(protectedText, purpose);
        }
    }

    private static (RequestStateFormat Format, CountingFormat Inner, HttpContextAccessor Http) Format()
    {
        var inner = new CountingFormat();
        var http = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        return (new RequestStateFormat(inner, http), inner, http);
    }

    private static AuthenticationProperties Properties(string returnUrl) => new(new Dictionary<string, string?> { ["returnUrl"] = returnUrl });

    [Fact]
    public void The_same_state_twice_in_one_request_is_decrypted_once_and_each_caller_gets_its_own_copy()
    {
        var (format, inner, _) = Format();
        var state = format.Protect(Properties("/first"));

        var guard = format.Unprotect(state)!;
        guard.Items["returnUrl"] = "/changed-by-the-guard";
        var handler = format.Unprotect(state)!;

        Assert.Equal(1, inner.Unprotects);
        Assert.Equal("/first", handler.Items["returnUrl"]);
    }

    [Fact]
    public void Another_state_or_another_request_is_decrypted_again()
    {
        var (format, inner, http) = Format();
        var first = format.Protect(Properties("/first"));
        var second = format.Protect(Properties("/second"));

        Assert.Equal("/first", format.Unprotect(first)!.Items["returnUrl"]);
        Assert.Equal("/second", format.Unprotect(second)!.Items["returnUrl"]);
        http.HttpContext = new DefaultHttpContext();
        Assert.Equal("/second", format.Unprotect(second)!.Items["returnUrl"]);

        Assert.Equal(3, inner.Unprotects);
    }

    [Fact]
    public void A_forged_state_stays_refused_for_the_handler_too()
    {
        var (format, _, _) = Format();

        Assert.Null(format.Unprotect("forged"));
        Assert.Null(format.Unprotect("forged"));
    }

    [Fact]
    public void A_state_the_stock_handler_format_protected_reads_in_the_scheme_options()
    {
        var scheme = ExternalSignInPaths.Scheme("dingtalk", "any-authenticator");
        var stock = new PropertiesDataFormat(shared.App.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(typeof(DingTalkAuthenticationHandler).FullName!, scheme, "v1"));
        var options = shared.App.Services.GetRequiredService<IOptionsMonitor<DingTalkAuthenticationOptions>>().Get(scheme);

        var read = options.StateDataFormat.Unprotect(stock.Protect(Properties("/issued-before-the-upgrade")));

        Assert.IsType<RequestStateFormat>(options.StateDataFormat);
        Assert.Equal("/issued-before-the-upgrade", read?.Items["returnUrl"]);
    }
}
