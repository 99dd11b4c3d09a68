using System.Net;
using System.Text;
using BlazorAuth.Features.DingTalk.Authentication;
using Polly.Timeout;

namespace BlazorAuth.Tests.Unit;

public sealed class DingTalkApiTests
{
    private const string UsersMe = "https://api.example/v1.0/contact/users/me";
    private const string Token = "https://api.example/v1.0/oauth2/userAccessToken";

    [Fact]
    public async Task A_success_answer_is_read_with_its_requestid_and_unknown_fields_are_harmless()
    {
        using var response = Json(HttpStatusCode.OK, """{"nick":"张三","unionId":"u1","openId":"o1","mobile":"13800000001","stateCode":"86","visitor":false}""");
        response.Headers.Add("x-acs-request-id", "req-200");

        using var answer = await SendAsync(response);

        Assert.Equal("张三", answer.Body.RootElement.GetProperty("nick").GetString());
        Assert.Equal("u1", answer.Body.RootElement.GetProperty("unionId").GetString());
        Assert.Equal("req-200", answer.RequestId);
    }

    [Fact]
    public async Task An_error_naming_required_scopes_is_a_missing_permission()
    {
        var failure = await FailAsync(Json(HttpStatusCode.Forbidden, """
            {"code":"Forbidden.AccessDenied.AccessTokenPermissionDenied","message":"no","requestid":"req-403",
             "accessdenieddetail":{"requiredScopes":["Contact.User.Read","Contact.User.mobile"]}}
            """));

        Assert.Equal(DingTalkFailure.PermissionDenied, failure.Failure);
        Assert.Equal(["Contact.User.Read", "Contact.User.mobile"], failure.RequiredScopes);
        Assert.Equal("req-403", failure.RequestId);
        Assert.Equal("Forbidden.AccessDenied.AccessTokenPermissionDenied", failure.DingTalkCode);
    }

    [Fact]
    public async Task An_unknown_auth_code_is_an_invalid_code()
    {
        var failure = await FailAsync(Json(HttpStatusCode.BadRequest, """{"code":"invalidParameter.authCode.notFound","message":"x","requestid":"req-400"}"""), Token);

        Assert.Equal(DingTalkFailure.CodeInvalid, failure.Failure);
        Assert.Equal("req-400", failure.RequestId);
    }

    [Fact]
    public async Task InvalidAuthentication_at_the_token_call_blames_the_client_credentials_but_at_users_me_does_not()
    {
        const string body = """{"code":"InvalidAuthentication","message":"x","requestid":"req-401"}""";

        Assert.Equal(DingTalkFailure.InvalidClient, (await FailAsync(Json(HttpStatusCode.Unauthorized, body), Token, isTokenCall: true)).Failure);
        Assert.Equal(DingTalkFailure.ProviderError, (await FailAsync(Json(HttpStatusCode.Unauthorized, body))).Failure);
    }

    [Fact]
    public async Task Another_DingTalk_error_is_a_provider_error_with_its_code()
    {
        var failure = await FailAsync(Json(HttpStatusCode.Forbidden, """{"code":"Forbidden.AccessDenied.IpNotInWhiteList","message":"x","requestId":"req-ip"}"""));

        Assert.Equal(DingTalkFailure.ProviderError, failure.Failure);
        Assert.Equal("Forbidden.AccessDenied.IpNotInWhiteList", failure.DingTalkCode);
        Assert.Equal("req-ip", failure.RequestId);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, """{"code":"ServiceUnavailable","message":"x","requestid":"req-5xx"}""", "application/json")]
    [InlineData(HttpStatusCode.BadGateway, "<html>Bad gateway</html>", "text/html")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "text/plain")]
    public async Task A_5xx_means_DingTalk_is_unavailable_whatever_the_body(HttpStatusCode status, string body, string mediaType)
    {
        var failure = await FailAsync(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

        Assert.Equal(DingTalkFailure.Unavailable, failure.Failure);
    }

    [Fact]
    public async Task A_5xx_keeps_the_requestid_from_the_body()
    {
        var failure = await FailAsync(Json(HttpStatusCode.ServiceUnavailable, """{"code":"ServiceUnavailable","message":"x","requestid":"req-503"}"""));

        Assert.Equal("req-503", failure.RequestId);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "<html>not json</html>")]
    [InlineData(HttpStatusCode.OK, "[1,2,3]")]
    [InlineData(HttpStatusCode.OK, "\"text\"")]
    [InlineData(HttpStatusCode.OK, "")]
    [InlineData(HttpStatusCode.OK, "{\"nick\":")]
    [InlineData(HttpStatusCode.BadRequest, "<html>bad request</html>")]
    [InlineData(HttpStatusCode.BadRequest, """{"message":"no code"}""")]
    public async Task A_body_that_is_not_a_JSON_object_or_an_error_without_code_is_malformed(HttpStatusCode status, string body)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
        response.Headers.Add("x-acs-request-id", "req-header");

        var failure = await FailAsync(response);

        Assert.Equal(DingTalkFailure.MalformedResponse, failure.Failure);
        Assert.Equal("req-header", failure.RequestId);
    }

    [Fact]
    public async Task A_connection_failure_means_DingTalk_is_unavailable()
    {
        var failure = await FailAsync(new FakeHttpHandler((_, _, _) => throw new HttpRequestException("refused")));

        Assert.Equal(DingTalkFailure.Unavailable, failure.Failure);
    }

    [Fact]
    public async Task A_pipeline_timeout_or_an_HttpClient_timeout_is_a_timeout()
    {
        Assert.Equal(DingTalkFailure.Timeout, (await FailAsync(new FakeHttpHandler((_, _, _) => throw new TimeoutRejectedException()))).Failure);
        Assert.Equal(DingTalkFailure.Timeout, (await FailAsync(new FakeHttpHandler((_, _, _) => throw new TaskCanceledException()))).Failure);
    }

    [Fact]
    public async Task The_person_leaving_is_not_reported_as_a_timeout()
    {
        using var left = new CancellationTokenSource();
        await left.CancelAsync();
        using var client = new HttpClient(new FakeHttpHandler((_, _, ct) => Task.FromCanceled<HttpResponseMessage>(ct)));
        using var request = new HttpRequestMessage(HttpMethod.Get, UsersMe);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DingTalkApi.SendAsync(client, request, isTokenCall: false, left.Token));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<DingTalkAnswer> SendAsync(HttpResponseMessage response)
    {
        using var client = new HttpClient(FakeHttpHandler.Always(() => response));
        using var request = new HttpRequestMessage(HttpMethod.Get, UsersMe);
        return await DingTalkApi.SendAsync(client, request, isTokenCall: false, CancellationToken.None);
    }

    private static Task<DingTalkAuthenticationException> FailAsync(HttpResponseMessage response, string url = UsersMe, bool isTokenCall = false) =>
        FailAsync(FakeHttpHandler.Always(() => response), url, isTokenCall);

    private static async Task<DingTalkAuthenticationException> FailAsync(FakeHttpHandler handler, string url = UsersMe, bool isTokenCall = false)
    {
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(isTokenCall ? HttpMethod.Post : HttpMethod.Get, url);
        return await Assert.ThrowsAsync<DingTalkAuthenticationException>(() => DingTalkApi.SendAsync(client, request, isTokenCall, CancellationToken.None));
    }
}
