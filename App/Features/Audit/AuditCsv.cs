using System.Globalization;
using System.Text;

namespace BlazorAuth.Features.Audit;

/// <summary>
/// The CSV export: RFC 4180 quoting, and a cell that a spreadsheet would read as a formula (starting with =, +, -, @,
/// a tab or a carriage return) is prefixed with an apostrophe, so a user agent like <c>=cmd|' /C calc'!A0</c> stays text.
/// </summary>
public static class AuditCsv
{
    public static readonly string[] Header =
    [
        "id", "at", "type", "result", "reason", "userId", "userName", "actorId", "loginName", "loginNameHash", "loginNameLength",
        "authenticator", "method", "ip", "userAgent", "sessionId", "requestId", "detail",
    ];

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<AuditItem> items, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(Header));
        var count = 0;
        await foreach (var item in items.WithCancellation(ct))
        {
            await writer.WriteAsync(Line(Row(item)));
            if (++count % 500 == 0)
            {
                // Rows leave as they are read: a large export never sits in memory.
                await writer.FlushAsync(ct);
            }
        }

        await writer.FlushAsync(ct);
    }

    public static string[] Row(AuditItem e) =>
    [
        e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture), e.Type, e.Result, e.Reason ?? "",
        e.UserId ?? "", e.UserName ?? "", e.ActorId ?? "", e.LoginName ?? "", e.LoginNameHash ?? "",
        e.LoginNameLength?.ToString(CultureInfo.InvariantCulture) ?? "", e.Authenticator ?? "", e.Method ?? "", e.IpAddress ?? "",
        e.UserAgent ?? "", e.SessionId ?? "", e.RequestId ?? "", e.Detail ?? "",
    ];

    public static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
