using System.Text.Json.Nodes;

namespace Podvisor.Server.Store;

/// <summary>
/// <c>metadata.finalizers</c> and graceful deletion, the rules of upstream's generic registry
/// (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go): an object with finalizers is only
/// marked deleted; it goes once it is marked and has none left, and a pod only after its graceful termination
/// ended (<c>deletionGracePeriodSeconds: 0</c>, which the kubelet's final delete sets), a namespace only once emptied.
/// </summary>
internal static class Finalizers
{
    public static bool Pending(JsonObject obj) => ObjectMetadata.Of(obj)["finalizers"] is JsonArray { Count: > 0 };

    public static bool DeletionComplete(ResourceKind kind, JsonObject obj)
    {
        var metadata = ObjectMetadata.Of(obj);
        if (metadata["deletionTimestamp"] is null || Pending(obj))
        {
            return false;
        }

        // A namespace also waits for its own spec.finalizers ("kubernetes"), which the namespace controller clears
        // once the namespace's content is gone.
        return kind == ResourceKind.Pods ? (long?)metadata["deletionGracePeriodSeconds"] == 0
            : kind != ResourceKind.Namespaces || obj["spec"]?["finalizers"] is not JsonArray { Count: > 0 };
    }
}
