using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Podvisor.Engine.Lint;

/// <summary>
/// Finds the line of a field path (<c>spec.containers[0].lifecycle.preStop</c>) in a parsed manifest: the key of the
/// deepest part of the path that the YAML has (a missing field points at its parent), or null when not even the
/// first part is there.
/// </summary>
internal static partial class YamlFieldLocator
{
    public static (int Line, int Column)? Locate(YamlNode root, string fieldPath)
    {
        var node = root;
        YamlNode? found = null;
        foreach (Match part in PathParts().Matches(fieldPath))
        {
            YamlNode? next = null;
            YamlNode? key = null;
            if (part.Groups["index"].Success && node is YamlSequenceNode sequence)
            {
                var index = int.Parse(part.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                next = index < sequence.Children.Count ? sequence.Children[index] : null;
                key = next;
            }
            else if (node is YamlMappingNode mapping)
            {
                var name = part.Groups["key"].Success ? part.Groups["key"].Value : part.Groups["bracket"].Value;
                var entry = mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: var v } && v == name);
                (key, next) = (entry.Key, entry.Value);
            }

            if (next is null || key is null)
            {
                break;
            }

            (node, found) = (next, key);
        }

        return found is null ? null : ((int)found.Start.Line, (int)found.Start.Column);
    }

    [GeneratedRegex(@"(?<key>[^.\[\]]+)|\[(?<index>\d+)\]|\[(?<bracket>[^\]]*)\]")]
    private static partial Regex PathParts();
}
