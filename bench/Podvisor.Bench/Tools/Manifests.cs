using System.Text;

namespace Podvisor.Bench.Tools;

/// <summary>Pod manifests for podvisor: one container each, running a host command (the image is not in any catalog).</summary>
internal static class Manifests
{
    public static string Pod(string name, string[] command, string restartPolicy = "Never", int? grace = null, string extraContainerYaml = "")
    {
        var text = new StringBuilder();
        text.Append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ").Append(name).Append('\n');
        text.Append("spec:\n  restartPolicy: ").Append(restartPolicy).Append('\n');
        if (grace is { } g)
        {
            text.Append("  terminationGracePeriodSeconds: ").Append(g).Append('\n');
        }

        text.Append("  containers:\n  - name: c\n    image: bench\n    command: [")
            .Append(string.Join(", ", command.Select(c => "\"" + c.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")))
            .Append("]\n").Append(extraContainerYaml);
        return text.ToString();
    }

    public static string Many(IEnumerable<string> pods) => string.Join("---\n", pods);
}
