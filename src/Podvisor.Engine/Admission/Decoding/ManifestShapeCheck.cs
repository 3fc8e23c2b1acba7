using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// Streams the parser's events (YamlDotNet's parser is a state machine, not recursive) to refuse input that is
/// too deep or expands too far through aliases, before <see cref="YamlDotNet.RepresentationModel.YamlStream"/>
/// and the model deserializer, which recurse once per level and would overflow the stack.
/// </summary>
internal static class ManifestShapeCheck
{
    /// <summary>Returns null when the text is within <see cref="ManifestLimits"/>, else the error with its position.</summary>
    /// <param name="content">The manifest text.</param>
    /// <param name="depth">The deepest nesting seen, so callers can give deep documents a bigger stack.</param>
    public static (Mark Start, string Message)? Check(string content, out int depth)
    {
        depth = 0;
        var parser = new Parser(new StringReader(content));
        var anchorSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        // For each open collection: its anchor (if any) and the expanded node count when it opened.
        var open = new Stack<(string? Anchor, long StartCount)>();
        long expanded = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        anchorSizes.Clear(); // anchors are scoped to their document
                        expanded = 0;
                        break;
                    case MappingStart or SequenceStart:
                        var start = (NodeEvent)parser.Current;
                        if (open.Count >= ManifestLimits.MaxDepth)
                        {
                            return (start.Start, $"yaml: exceeded max depth of {ManifestLimits.MaxDepth}");
                        }

                        expanded++;
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, expanded));
                        depth = Math.Max(depth, open.Count);
                        break;
                    case MappingEnd or SequenceEnd:
                        var (anchor, startCount) = open.Pop();
                        if (anchor is not null)
                        {
                            anchorSizes[anchor] = expanded - startCount + 1;
                        }

                        break;
                    case Scalar scalar:
                        expanded++;
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchorSizes[scalar.Anchor.Value] = 1;
                        }

                        break;
                    case AnchorAlias alias:
                        if (!anchorSizes.TryGetValue(alias.Value.Value, out var size))
                        {
                            // Also an alias inside its own anchor, which would make the document infinite.
                            return (alias.Start, $"yaml: unknown anchor '{alias.Value.Value}' referenced");
                        }

                        expanded += size;
                        break;
                }

                if (expanded > ManifestLimits.MaxExpandedNodes)
                {
                    return (parser.Current!.Start, "yaml: document contains excessive aliasing"); // ! MoveNext returned true
                }
            }
        }
        catch (YamlException)
        {
            // Syntax errors are reported by the full load, with its own wording.
            return null;
        }

        return null;
    }
}
