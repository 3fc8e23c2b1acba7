using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Podvisor.Cli.Report;
using Podvisor.Engine.Serialization;

namespace Podvisor.Cli.Run;

/// <summary>
/// Renders <c>-o json|yaml</c>: every Pod, then every Event, in one v1 List. In JSON each Pod also carries
/// podvisor's own <c>podvisor.containers[].termination</c> (why each container ended) after its status.
/// </summary>
internal static class ListOutput
{
    // kubectl indents JSON by four spaces and does not escape '<', '>', '&' or '+'.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="terminations">Per pod (same order as <paramref name="pods"/>), how its containers ended; null: none.</param>
    public static string Render(
        OutputFormat format, IReadOnlyList<V1Pod> pods, IReadOnlyList<Corev1Event> events,
        IReadOnlyList<IReadOnlyList<ContainerTermination>>? terminations = null)
    {
        // The List (a v1 List of mixed kinds, as `kubectl get pods,events -o json` prints it; the client library has typed
        // lists only) is built as nodes, each item serialized by ModelSerializer: no type of its own has source-generated
        // metadata, and the ahead-of-time compiled podvisor cannot reflect over one.
        var items = new JsonArray();
        foreach (var pod in pods)
        {
            items.Add(JsonNode.Parse(ModelSerializer.Serialize(Stamp(pod, "Pod"))));
        }

        foreach (var @event in events)
        {
            items.Add(JsonNode.Parse(ModelSerializer.Serialize(Stamp(@event, "Event"))));
        }

        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = string.Empty },
            ["items"] = items,
        };
        return format switch
        {
            // ModelSerializer's converters (KubernetesJson's) give the wire format (RFC 3339 times, int-or-string...); then indent.
            OutputFormat.Json => WithTerminations(list, terminations).ToJsonString(Indented) + "\n",
            OutputFormat.Yaml => JsonYaml.Write(list),
            OutputFormat.None => throw new UnreachableException("no output requested"),
            _ => throw new UnreachableException($"unknown output format {format}"),
        };
    }

    /// <summary>Adds the <c>podvisor</c> field to the list's Pods, which come first, in the order of the terminations.</summary>
    private static JsonNode WithTerminations(JsonNode list, IReadOnlyList<IReadOnlyList<ContainerTermination>>? terminations)
    {
        if (terminations is not null && list["items"] is JsonArray items)
        {
            for (var i = 0; i < terminations.Count && i < items.Count; i++)
            {
                if (items[i] is JsonObject pod)
                {
                    pod[TerminationJson.Field] = TerminationJson.ForPod(terminations[i]);
                }
            }
        }

        return list;
    }

    /// <summary>A copy with apiVersion and kind set, as a list item needs; the engine's snapshots are not ours to change.</summary>
    private static T Stamp<T>(T item, string kind)
        where T : IKubernetesObject
    {
        var copy = ModelSerializer.Copy(item);
        copy.ApiVersion = "v1";
        copy.Kind = kind;
        return copy;
    }
}
