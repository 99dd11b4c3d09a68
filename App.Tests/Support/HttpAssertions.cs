using System.Net;

namespace BlazorAuth.Tests.Support;

public static class HttpAssertions
{
    /// <summary>The app-relative target of a redirect (path and query), whether the app wrote it absolute or relative.</summary>
    public static string RedirectTarget(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect but got {(int)response.StatusCode}.");
        var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException("The redirect has no Location.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }
}
