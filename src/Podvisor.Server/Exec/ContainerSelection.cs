using System.Text.Json.Nodes;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Exec;

/// <summary>
/// The pod and container an exec or attach request is for, checked with the apiserver's rules and words
/// (pod REST <c>streamLocation</c>): the pod exists and is not finished; with no container named, a pod with one
/// container means that one; a running init container (a sidecar, or one still initializing) can be named too.
/// </summary>
internal static class ContainerSelection
{
    /// <param name="verb">As the apiserver words it: <c>exec into</c> or <c>attach to</c>.</param>
    public static (JsonObject Pod, string Container) Resolve(ObjectStore store, string ns, string name, string? requested, string verb)
    {
        var pod = store.Get(ResourceKind.Pods, ns, name) ?? throw ApiStatus.NotFound("pods", name);
        var phase = (string?)pod["status"]?["phase"];
        if (phase is "Succeeded" or "Failed")
        {
            throw ApiStatus.BadRequest($"cannot {verb} a container in a completed pod; current phase is {phase}");
        }

        var names = Names(pod["spec"]?["containers"]);
        var container = requested ?? (names.Count == 1 ? names[0] : null)
            ?? throw ApiStatus.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", names)}]");
        if (!names.Contains(container) && !Names(pod["spec"]?["initContainers"]).Contains(container))
        {
            throw ApiStatus.BadRequest($"container {container} is not valid for pod {name}");
        }

        return (pod, container);
    }

    private static List<string> Names(JsonNode? containers) =>
        (containers as JsonArray)?.Select(c => (string?)c?["name"]).OfType<string>().ToList() ?? [];
}
