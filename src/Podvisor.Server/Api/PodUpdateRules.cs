using System.Text.Json.Nodes;
using Podvisor.Engine.Admission;

namespace Podvisor.Server.Api;

/// <summary>
/// What an update may change in a pod's spec (upstream <c>ValidatePodUpdate</c>): container and init container
/// images, <c>activeDeadlineSeconds</c>, added tolerations and <c>terminationGracePeriodSeconds</c>.
/// </summary>
internal static class PodUpdateRules
{
    public const string ForbiddenDetail =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static IReadOnlyList<FieldError> Check(JsonObject oldSpec, JsonObject newSpec)
    {
        // Copy the mutable fields from the new spec into the old one: anything else that differs is forbidden.
        var mutated = newSpec.DeepClone().AsObject();
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (mutated[list] is JsonArray newContainers && oldSpec[list] is JsonArray oldContainers && newContainers.Count == oldContainers.Count)
            {
                for (var i = 0; i < newContainers.Count; i++)
                {
                    if (newContainers[i] is JsonObject container)
                    {
                        container["image"] = oldContainers[i]?["image"]?.DeepClone();
                    }
                }
            }
        }

        mutated["activeDeadlineSeconds"] = oldSpec["activeDeadlineSeconds"]?.DeepClone();
        mutated["terminationGracePeriodSeconds"] = oldSpec["terminationGracePeriodSeconds"]?.DeepClone();
        var tolerationsOk = TolerationsOnlyAdded(oldSpec["tolerations"] as JsonArray, newSpec["tolerations"] as JsonArray);
        mutated["tolerations"] = oldSpec["tolerations"]?.DeepClone();
        RemoveNulls(mutated);
        var old = oldSpec.DeepClone().AsObject();
        RemoveNulls(old);
        return JsonNode.DeepEquals(old, mutated) && tolerationsOk ? [] : [FieldError.Forbidden("spec", ForbiddenDetail)];
    }

    private static bool TolerationsOnlyAdded(JsonArray? old, JsonArray? updated) =>
        (old ?? []).All(o => (updated ?? []).Any(n => JsonNode.DeepEquals(o, n)));

    private static void RemoveNulls(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }
    }
}
