using System.Globalization;
using Microsoft.Extensions.Localization;

namespace BlazorAuth.Features.Audit;

/// <summary>The API's query string as a filter, or the field-by-field reasons it is not one.</summary>
public static class AuditFilterParser
{
    private const int MaxTextLength = 256;

    public sealed record Parsed(AuditFilter Filter, int Limit, AuditCursor? Cursor);

    public static (Parsed? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query, IStringLocalizer<AuditText> L)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = Time(query, "from", errors, L);
        var to = Time(query, "to", errors, L);
        if (from is not null && to is not null && from > to)
        {
            errors["to"] = [L["InvertedRange"]];
        }

        var type = Text(query, "type", errors, L);
        if (type is not null && !AuditEventTypes.IsKnown(type))
        {
            errors["type"] = [L["UnknownType", string.Join(", ", AuditEventTypes.All)]];
        }

        var result = Text(query, "result", errors, L);
        if (result is not null && !AuditResults.IsKnown(result))
        {
            errors["result"] = [L["UnknownResult"]];
        }

        var limit = AuditLog.DefaultLimit;
        if (Text(query, "limit", errors, L) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditLog.MaxLimit))
        {
            errors["limit"] = [L["LimitOutOfRange", AuditLog.MaxLimit]];
        }

        AuditCursor? cursor = null;
        if (Text(query, "cursor", errors, L) is { } cursorText)
        {
            if (AuditCursor.TryDecode(cursorText, out var decoded))
            {
                cursor = decoded;
            }
            else
            {
                errors["cursor"] = [L["MalformedCursor"]];
            }
        }

        var filter = new AuditFilter(from, to, type, result,
            Text(query, "userId", errors, L), Text(query, "authenticator", errors, L), Text(query, "ip", errors, L));
        return errors.Count > 0 ? (null, errors) : (new Parsed(filter, limit, cursor), errors);
    }

    private static string? Text(IQueryCollection query, string name, Dictionary<string, string[]> errors, IStringLocalizer<AuditText> L)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            errors[name] = [L["RepeatedParameter"]];
            return null;
        }

        var value = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > MaxTextLength)
        {
            errors[name] = [L["ParameterTooLong", MaxTextLength]];
            return null;
        }

        return value;
    }

    private static DateTime? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors, IStringLocalizer<AuditText> L)
    {
        if (Text(query, name, errors, L) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at.UtcDateTime;
        }

        errors[name] = [L["BadTime"]];
        return null;
    }
}
