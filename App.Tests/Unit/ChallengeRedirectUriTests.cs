using BlazorAuth.Features.ExternalSignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace BlazorAuth.Tests.Unit;

/// <summary>The challenge URL keeps everything the handler put in it; only redirect_uri becomes the public Redirect URL.</summary>
public sealed class ChallengeRedirectUriTests
{
    private const string Public = "https://sso.example.com/auth/dingtalk/work/callback";

    // What the events did before: parse the query, set the value, build it again.
    private static string Rebuilt(string url, string redirectUri)
    {
        var uri = new Uri(url);
        var query = QueryHelpers.ParseQuery(uri.Query);
        query["redirect_uri"] = redirectUri;
        return uri.GetLeftPart(UriPartial.Path) + QueryString.Create(query);
    }

    [Theory]
    [InlineData("https://login.dingtalk.com/oauth2/auth?client_id=ding%20app&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fauth%2Fdingtalk%2Fwork%2Fcallback&response_type=code&scope=openid&state=CfDJ8a-b_c&prompt=consent")]
    [InlineData("https://login.dingtalk.com/oauth2/auth?redirect_uri=http%3A%2F%2Flocalhost%2Fcb&client_id=x&state=s")]
    [InlineData("https://login.dingtalk.com/oauth2/auth?client_id=x&state=s&redirect_uri=http%3A%2F%2Flocalhost%2Fcb")]
    public void Only_the_redirect_uri_changes_and_the_url_is_what_rebuilding_it_gave(string challenge)
    {
        var replaced = ChallengeUrl(challenge);

        Assert.Equal(Rebuilt(challenge, Public), replaced);
        Assert.Equal(Public, QueryHelpers.ParseQuery(new Uri(replaced).Query)["redirect_uri"].ToString());
    }

    [Fact]
    public void A_parameter_that_only_ends_in_redirect_uri_is_left_alone_and_the_real_one_is_added()
    {
        var replaced = ChallengeUrl("https://login.dingtalk.com/oauth2/auth?client_id=x&not_redirect_uri=keep");

        var query = QueryHelpers.ParseQuery(new Uri(replaced).Query);
        Assert.Equal("keep", query["not_redirect_uri"].ToString());
        Assert.Equal(Public, query["redirect_uri"].ToString());
    }

    [Fact]
    public void A_challenge_url_without_a_query_gets_one()
    {
        Assert.Equal(Public, QueryHelpers.ParseQuery(new Uri(ChallengeUrl("https://login.dingtalk.com/oauth2/auth")).Query)["redirect_uri"].ToString());
    }

    private static string ChallengeUrl(string challenge) => ExternalSignInEvents.WithRedirectUri(challenge, Public);
}
