using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Podvisor.Cli.Run;

/// <summary>Renders <c>-o json|yaml</c>: every Pod, then every Event, in one v1 List.</summary>
internal static class ListOutput
{
    // kubectl indents JSON by four spaces and does not escape '<', '>', '&' or '+'.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(OutputFormat format, IReadOnlyList<V1Pod> pods, IReadOnlyList<Corev1Event> events)
    {
        var list = new KubernetesList();
        foreach (var pod in pods)
        {
            list.Items.Add(Stamp(pod, "Pod"));
        }

        foreach (var @event in events)
        {
            list.Items.Add(Stamp(@event, "Event"));
        }

        return format switch
        {
            // KubernetesJson's converters give the wire format (RFC 3339 times, int-or-string...); then indent.
            OutputFormat.Json => JsonNode.Parse(KubernetesJson.Serialize(list))!.ToJsonString(Indented) + "\n",
            OutputFormat.Yaml => KubernetesYaml.Serialize(list),
            OutputFormat.None => throw new UnreachableException("no output requested"),
            _ => throw new UnreachableException($"unknown output format {format}"),
        };
    }

    /// <summary>A copy with apiVersion and kind set, as a list item needs; the engine's snapshots are not ours to change.</summary>
    private static T Stamp<T>(T item, string kind)
        where T : IKubernetesObject
    {
        var copy = KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(item));
        copy.ApiVersion = "v1";
        copy.Kind = kind;
        return copy;
    }
}
