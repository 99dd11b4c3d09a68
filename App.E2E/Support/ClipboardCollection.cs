namespace BlazorAuth.E2E.Support;

/// <summary>
/// Tests that copy to or read from the clipboard. It is one per machine, not per browser context, so these tests
/// run one at a time and never alongside other test classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClipboardCollection
{
    public const string Name = "Clipboard";
}
