using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Audit;

/// <summary>The console's filter as typed: times in UTC from datetime-local inputs, the user by id or sign-in name.</summary>
public sealed record AuditFilterForm
{
    public string? From { get; set; }

    public string? To { get; set; }

    public string? Type { get; set; }

    public string? Result { get; set; }

    public string? User { get; set; }

    public string? Authenticator { get; set; }

    public string? Ip { get; set; }

    /// <summary>The first reason the form is not a filter, or null.</summary>
    public string? Validate(IStringLocalizer<AuditText> L)
    {
        var (from, fromOk) = Time(From);
        var (to, toOk) = Time(To);
        if (!fromOk || !toOk)
        {
            return L["BadTime"].Value;
        }

        return from is not null && to is not null && from > to ? L["InvertedRange"].Value : null;
    }

    public AuditFilter ToFilter(string? userId) =>
        new(Time(From).At, Time(To).At, Blank(Type), Blank(Result), userId, Blank(Authenticator), Blank(Ip));

    public string? UserText => Blank(User);

    /// <summary>The same filter as the API's query string, for the CSV link.</summary>
    public static string QueryString(AuditFilter filter)
    {
        var query = new Dictionary<string, string?>
        {
            ["from"] = filter.From?.ToString("O", CultureInfo.InvariantCulture),
            ["to"] = filter.To?.ToString("O", CultureInfo.InvariantCulture),
            ["type"] = filter.Type,
            ["result"] = filter.Result,
            ["userId"] = filter.UserId,
            ["authenticator"] = filter.Authenticator,
            ["ip"] = filter.Ip,
        };
        return QueryHelpers.AddQueryString("", query.Where(p => p.Value is not null));
    }

    private static (DateTime? At, bool Ok) Time(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, true);
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? (DateTime.SpecifyKind(at, DateTimeKind.Utc), true)
            : (null, false);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
