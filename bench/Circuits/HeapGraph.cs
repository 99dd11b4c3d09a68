using Graphs;

namespace BlazorAuth.Bench.Circuits;

/// <summary>
/// Exact figures from a .gcdump's object graph, read with the dotnet-gcdump tool's own reader (its text report
/// buckets arrays and strings by size and gives one size per bucket, which overstated a circuit by about 40%).
/// </summary>
public sealed class HeapGraph
{
    private const string Builders = "Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder";

    // What a component's render buffers are made of: the two trees (current and next) of its RenderTreeBuilder, the
    // builder's own stacks and attribute-name dictionary, and the copy of its last parameters.
    private static readonly string[] BufferTypes =
    [
        Builders,
        "Microsoft.AspNetCore.Components.RenderTree.RenderTreeFrameArrayBuilder",
        "Microsoft.AspNetCore.Components.RenderTree.ArrayBuilder<",
        "System.Collections.Generic.Stack<System.Int32>",
        "System.Collections.Generic.Dictionary<System.String,System.Int32>",
    ];

    public long TotalBytes { get; private init; }

    /// <summary>Bytes and objects per type, size buckets merged ("System.String (Bytes &gt; 10K)" counts as System.String).</summary>
    public Dictionary<string, (long Bytes, long Count)> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes and objects per assembly of the objects' types.</summary>
    public Dictionary<string, (long Bytes, long Count)> Assemblies { get; } = new(StringComparer.Ordinal);

    /// <summary>Per live component type: how many, and the bytes of their render buffers.</summary>
    public Dictionary<string, (long Bytes, long Count)> Components { get; } = new(StringComparer.Ordinal);

    public static HeapGraph Load(string path)
    {
        var graph = new GCHeapDump(path).MemoryGraph;
        var heap = new HeapGraph { TotalBytes = graph.TotalSize };
        var node = graph.AllocNodeStorage();
        var typeNode = graph.AllocTypeNodeStorage();
        var names = new string[(int)graph.NodeTypeIndexLimit];
        var modules = new string[(int)graph.NodeTypeIndexLimit];
        string TypeName(NodeTypeIndex t) => names[(int)t] ??= Unbucketed(graph.GetType(t, typeNode).Name);
        string Module(NodeTypeIndex t) => modules[(int)t] ??= Path.GetFileName(graph.GetType(t, typeNode).ModuleName ?? "") is { Length: > 0 } m ? m : "?";

        var states = new List<NodeIndex>();
        for (NodeIndex i = 0; i < graph.NodeIndexLimit; i++)
        {
            graph.GetNode(i, node);
            var name = TypeName(node.TypeIndex);
            if (name.Length == 0)
            {
                continue; // the graph's own pseudo nodes (roots, static vars)
            }

            Add(heap.Types, name, node.Size);
            Add(heap.Assemblies, Module(node.TypeIndex), node.Size);
            if (name is "Microsoft.AspNetCore.Components.Server.Circuits.RemoteComponentState" or "Microsoft.AspNetCore.Components.Rendering.ComponentState")
            {
                states.Add(i);
            }
        }

        var counted = new HashSet<NodeIndex>();
        foreach (var state in states)
        {
            string? component = null;
            long bytes = 0;
            foreach (var child in Children(graph, state))
            {
                graph.GetNode(child, node);
                var name = TypeName(node.TypeIndex);
                if (IsBuffer(name))
                {
                    bytes += BufferBytes(graph, child, counted, TypeName);
                }
                else if (component is null && IsComponent(name))
                {
                    component = name;
                }
            }

            Add(heap.Components, component ?? "(unknown)", bytes);
        }

        return heap;
    }

    // A builder and everything under it, down to the frame arrays (whose strings and delegates belong to the page).
    private static long BufferBytes(MemoryGraph graph, NodeIndex root, HashSet<NodeIndex> counted, Func<NodeTypeIndex, string> typeName)
    {
        var node = graph.AllocNodeStorage();
        var stack = new Stack<NodeIndex>([root]);
        long bytes = 0;
        while (stack.TryPop(out var index))
        {
            if (!counted.Add(index))
            {
                continue;
            }

            graph.GetNode(index, node);
            bytes += node.Size;
            var name = typeName(node.TypeIndex);
            if (!IsBuffer(name))
            {
                continue; // an array at the bottom: counted, not walked
            }

            foreach (var child in Children(graph, index))
            {
                graph.GetNode(child, node);
                var childName = typeName(node.TypeIndex);
                if (IsBuffer(childName) || childName.EndsWith("[]", StringComparison.Ordinal))
                {
                    stack.Push(child);
                }
            }
        }

        return bytes;
    }

    private static List<NodeIndex> Children(MemoryGraph graph, NodeIndex index)
    {
        var node = graph.GetNode(index, graph.AllocNodeStorage());
        var children = new List<NodeIndex>();
        for (var c = node.GetFirstChildIndex(); c != NodeIndex.Invalid; c = node.GetNextChildIndex())
        {
            children.Add(c);
        }

        return children;
    }

    private static bool IsBuffer(string name) => BufferTypes.Any(b => name.StartsWith(b, StringComparison.Ordinal));

    private static bool IsComponent(string name) =>
        !name.StartsWith("System.", StringComparison.Ordinal) && !name.EndsWith("[]", StringComparison.Ordinal)
        && !name.StartsWith("Microsoft.AspNetCore.Components.Server.Circuits.", StringComparison.Ordinal)
        && !name.StartsWith("Microsoft.AspNetCore.Components.Rendering.", StringComparison.Ordinal)
        && !name.StartsWith("Microsoft.AspNetCore.Components.RenderTree.", StringComparison.Ordinal)
        && !name.StartsWith("Microsoft.AspNetCore.Components.CascadingParameterState", StringComparison.Ordinal);

    private static string Unbucketed(string name) =>
        name.IndexOf(" (Bytes > ", StringComparison.Ordinal) is var at and > 0 ? name[..at] : name;

    private static void Add(Dictionary<string, (long Bytes, long Count)> to, string key, long bytes) =>
        to[key] = to.TryGetValue(key, out var v) ? (v.Bytes + bytes, v.Count + 1) : (bytes, 1);
}
