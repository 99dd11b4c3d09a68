// Where a process's bytes are allocated, from a dotnet-trace file of the gc-verbose profile (see bench/alloc-stacks.sh):
// every GCAllocationTick event (one per ~100 KB allocated, with its type and call stack), summed by type and by the
// first frame of its stack that matches a pattern, so "who allocates" can be read at the level one chooses.
//   AllocStacks TRACE.nettrace [FRAME_REGEX] [TOP]
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: AllocStacks TRACE.nettrace [FRAME_REGEX] [TOP]");
    return 2;
}

var frames = new Regex(args.Length > 1 ? args[1] : "BlazorAuth", RegexOptions.CultureInvariant);
var top = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, long>();
var byFrame = new Dictionary<string, long>();
long total = 0;
// TraceEvents implements only the generic enumerator (OfType goes through the other one and throws).
foreach (var traced in log.Events)
{
    if (traced is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    var amount = tick.AllocationAmount64;
    total += amount;
    Add(byType, tick.TypeName ?? "?", amount);
    string? frame = null;
    var leaves = new List<string>();
    for (var call = tick.CallStack(); call is not null && frame is null; call = call.Caller)
    {
        var name = call.CodeAddress.FullMethodName ?? "?";
        if (leaves.Count < 3) leaves.Add(name);
        if (frames.IsMatch(name)) frame = name;
    }

    Add(byFrame, frame ?? "(no matching frame) " + string.Join(" < ", leaves), amount);
}

if (total == 0)
{
    Console.Error.WriteLine("No allocation ticks in the trace: was it collected with --profile gc-verbose?");
    return 1;
}

Console.WriteLine($"Sampled allocations: {total / (1024 * 1024)} MB");
Print("By type", byType);
Print($"By the first frame matching /{frames}/", byFrame);
return 0;

void Print(string title, Dictionary<string, long> sums)
{
    Console.WriteLine();
    Console.WriteLine($"| {title} | share |");
    Console.WriteLine("|---|---:|");
    foreach (var (key, bytes) in sums.OrderByDescending(p => p.Value).Take(top))
    {
        Console.WriteLine($"| `{Cell(key)}` | {100.0 * bytes / total:F1} % |");
    }
}

// A generic type's arity mark (`1) would end the code span, and a | the cell.
static string Cell(string key) =>
    (key.Length > 160 ? key[..160] + "…" : key).Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal);

static void Add(Dictionary<string, long> sums, string key, long bytes) => sums[key] = sums.GetValueOrDefault(key) + bytes;
