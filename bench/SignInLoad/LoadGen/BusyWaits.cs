using System.Globalization;

namespace BlazorAuth.Bench.LoadGen;

/// <summary>
/// One counter of the product (the "BlazorAuth" meter's SQLite busy waits and write-gate waits, the runtime's allocated
/// bytes) per recorded window, summed
/// from dotnet-counters' CSV (one increment per counter, tag set and second, local time stamps). A counter that never
/// fired has no rows at all, so zero is only reported as zero when the product is known to have the counter (the
/// script looks for its name in the product's assembly).
/// </summary>
public sealed class BusyWaits
{
    private readonly List<(DateTime At, double Increment)> rows = [];
    private readonly bool available;
    private readonly bool productHasCounter;

    public string? Note { get; }

    private BusyWaits(bool available, bool productHasCounter, string? note)
    {
        this.available = available;
        this.productHasCounter = productHasCounter;
        Note = note;
    }

    public static BusyWaits Read(string csv, bool productHasCounter, string counter = Report.BusyWaitCounter)
    {
        if (!File.Exists(csv))
            return new(false, productHasCounter, $"`{counter}`: not recorded (no dotnet-counters, or the product does not expose it).");
        var result = new BusyWaits(true, productHasCounter, productHasCounter ? null
            : $"`{counter}`: the product does not define it on the \"BlazorAuth\" meter.");
        foreach (var line in File.ReadLines(csv).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 5 || !f[2].StartsWith(counter, StringComparison.Ordinal)) continue;
            if (DateTime.TryParseExact(f[0], "MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at)
                && double.TryParse(f[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var inc))
                result.rows.Add((at.ToUniversalTime(), inc));
        }
        return result;
    }

    /// <summary>Every increment recorded, pre-warm and the gaps between measurements included.</summary>
    public string Total => !available || !productHasCounter ? "n/a" : rows.Sum(r => r.Increment).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>The increments stamped inside the window (to the second: a row covers the second before its stamp).</summary>
    public string In(DateTimeOffset start, DateTimeOffset end) =>
        Sum(start, end) is { } sum ? sum.ToString("F0", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The same sum as a number; null when the counter was not recorded.</summary>
    public double? Sum(DateTimeOffset start, DateTimeOffset end) =>
        !available || !productHasCounter ? null
            : rows.Where(r => r.At > start.UtcDateTime && r.At <= end.UtcDateTime.AddSeconds(1)).Sum(r => r.Increment);
}
