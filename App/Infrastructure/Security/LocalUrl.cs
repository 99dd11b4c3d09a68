namespace BlazorAuth.Infrastructure.Security;

public static class LocalUrl
{
    /// <summary>
    /// True only for an app-relative path such as "/admin?x=1": the same rule as ASP.NET Core's
    /// IUrlHelper.IsLocalUrl, so "//evil.example", "/\evil.example" and absolute URLs are refused.
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return false;
        }

        if (url[0] == '/')
        {
            if (url.Length == 1)
            {
                return true;
            }

            if (url[1] is '/' or '\\')
            {
                return false;
            }

            return !HasControlCharacter(url);
        }

        if (url.Length > 1 && url[0] == '~' && url[1] == '/')
        {
            return url.Length == 2 || (url[2] is not ('/' or '\\') && !HasControlCharacter(url));
        }

        return false;
    }

    public static string OrDefault(string? url, string fallback) => IsLocal(url) ? url!.TrimStart('~') : fallback;

    private static bool HasControlCharacter(string url) => url.Any(char.IsControl);
}
