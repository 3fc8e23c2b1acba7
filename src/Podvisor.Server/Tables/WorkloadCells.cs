using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Apps;

namespace Podvisor.Server.Tables;

/// <summary>The wide columns Deployments and ReplicaSets share (upstream <c>layoutContainerCells</c> and the selector).</summary>
internal static class WorkloadCells
{
    public const string ContainersDescription = "Names of each container in the template.";
    public const string ImagesDescription = "Images referenced by each container in the template.";

    public static (string Containers, string Images, string Selector) Of(JsonObject obj)
    {
        var containers = (obj["spec"]?["template"]?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var selector = obj["spec"]?["selector"] is { } node ? ModelSerializer.Deserialize<V1LabelSelector>(node.ToJsonString()) : null;
        return (
            string.Join(",", containers.Select(c => (string?)c["name"] ?? string.Empty)),
            string.Join(",", containers.Select(c => (string?)c["image"] ?? string.Empty)),
            ModelSelector.Format(selector));
    }

    public static long Count(JsonObject obj, string section, string field) => (long?)obj[section]?[field] ?? 0;
}
