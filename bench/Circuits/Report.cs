using System.Globalization;
using System.Text;

namespace BlazorAuth.Bench.Circuits;

/// <summary>The markdown section: heap before and after, per circuit, and what the circuits hold.</summary>
public static class Report
{
    public static string Markdown(string title, Heap zero, Heap open, int circuits, int top)
    {
        var perCircuit = (open.Graph.TotalBytes - zero.Graph.TotalBytes) / (double)circuits / 1024;
        var rssPerCircuit = (open.RssKb - zero.RssKb) / (double)circuits;
        var buffers = Heap.Growth(zero.Graph.Components, open.Graph.Components).ToList();
        var components = buffers.Sum(b => b.Count) / (double)circuits;
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            ## {title}

            | | circuits open | managed heap after full GC (gcdump) | GC heap size after last GC (runtime counter) | process RSS |
            |---|---:|---:|---:|---:|
            | before | 0 | {Kb(zero.Graph.TotalBytes)} KB | {zero.CounterHeapKb} | {Rss(zero)} |
            | after | {circuits} | {Kb(open.Graph.TotalBytes)} KB | {open.CounterHeapKb} | {Rss(open)} |

            **Managed heap per circuit: {perCircuit:N0} KB** (RSS per circuit: {(zero.RssKb == 0 ? "-" : $"{rssPerCircuit:N0} KB")})

            Exact sizes from the dumps' object graphs: (after − before) / {circuits}, per circuit.

            By assembly of the object's type:

            | assembly | KB per circuit | objects per circuit |
            |---|---:|---:|

            """));
        Rows(text, Heap.Growth(zero.Graph.Assemblies, open.Graph.Assemblies).Take(8), circuits);
        text.Append(CultureInfo.InvariantCulture, $"""

            The {top} types that grew the most (size buckets of arrays and strings merged):

            | type | KB per circuit | objects per circuit |
            |---|---:|---:|

            """);
        Rows(text, Heap.Growth(zero.Graph.Types, open.Graph.Types).Take(top), circuits);
        text.Append(CultureInfo.InvariantCulture, $"""

            Render buffers per component type: {components:N1} live components per circuit, whose render tree builders
            (current and next frame arrays, stacks, attribute-name dictionaries) and parameter snapshots hold
            **{buffers.Sum(b => b.Bytes) / (double)circuits / 1024:N0} KB** per circuit:

            | component | KB per circuit | components per circuit |
            |---|---:|---:|

            """);
        Rows(text, buffers.Where(b => b.Count != 0).Take(top * 2), circuits);
        text.Append(CultureInfo.InvariantCulture, $"""

            Dumps: {zero.Dump}, {open.Dump} (`dotnet-gcdump report FILE`, PerfView or Visual Studio).

            """);
        return text.ToString();
    }

    private static void Rows(StringBuilder text, IEnumerable<(string Key, long Bytes, long Count)> rows, int circuits)
    {
        foreach (var (key, bytes, count) in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| `{key.Replace("|", "\\|", StringComparison.Ordinal)}` | {bytes / (double)circuits / 1024:N1} | {count / (double)circuits:N1} |\n");
        }
    }

    private static string Rss(Heap heap) => heap.RssKb == 0 ? "-" : heap.RssKb.ToString("N0", CultureInfo.InvariantCulture) + " KB";

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture);
}
