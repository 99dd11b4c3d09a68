namespace BlazorAuth.Features.DingTalk.Authentication;

public static class DingTalkAuthenticationDefaults
{
    public const string DisplayName = "DingTalk";

    public const string AuthorizationPath = "/oauth2/auth";
    public const string TokenPath = "/v1.0/oauth2/userAccessToken";
    public const string UserInformationPath = "/v1.0/contact/users/me";

    public const string AuthorizationEndpoint = "https://login.dingtalk.com" + AuthorizationPath;
    public const string TokenEndpoint = "https://api.dingtalk.com" + TokenPath;
    public const string UserInformationEndpoint = "https://api.dingtalk.com" + UserInformationPath;

    /// <summary>The header DingTalk's new API reads the user access token from (no "Authorization: Bearer").</summary>
    public const string AccessTokenHeader = "x-acs-dingtalk-access-token";

    public const string HttpClientName = "DingTalk";

    public static class Claims
    {
        public const string UnionId = "urn:dingtalk:unionid";
        public const string OpenId = "urn:dingtalk:openid";
        public const string Nick = "urn:dingtalk:nick";
        public const string Mobile = "urn:dingtalk:mobile";
        public const string StateCode = "urn:dingtalk:statecode";
        public const string Email = "urn:dingtalk:email";
        public const string AvatarUrl = "urn:dingtalk:avatar";
    }
}
