using System.Text.Json.Nodes;
using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Controllers;

/// <summary>
/// The garbage collector's background propagation (pkg/controller/garbagecollector) for the kinds served here:
/// a ReplicaSet whose owners are all gone is deleted, and so is a pod whose owners are all gone (gracefully,
/// as any pod deletion). Owners are matched by uid, so a recreated same-named owner does not adopt them. An owner
/// of a kind this server does not store counts as present: its absence cannot be told.
/// </summary>
internal sealed class GarbageCollector(ObjectStore store, PodService pods)
{
    private static readonly Dictionary<string, ResourceKind> OwnerKinds = new(StringComparer.Ordinal)
    {
        ["Deployment"] = ResourceKind.Deployments,
        ["ReplicaSet"] = ResourceKind.ReplicaSets,
    };

    public void Collect()
    {
        var live = OwnerKinds.Values.SelectMany(k => store.List(k, null).Items).Select(ObjectMetadata.Uid).ToHashSet();
        foreach (var set in store.List(ResourceKind.ReplicaSets, null).Items.Where(o => Orphaned(o, live)))
        {
            try
            {
                store.Delete(ResourceKind.ReplicaSets, ObjectMetadata.Namespace(set), ObjectMetadata.Name(set));
                live.Remove(ObjectMetadata.Uid(set));
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e))
            {
                // Gone meanwhile.
            }
        }

        foreach (var pod in store.ListMentioning(ResourceKind.Pods, null, OwnerReferences.FieldText).Where(o => ObjectMetadata.Of(o)["deletionTimestamp"] is null && Orphaned(o, live)))
        {
            try
            {
                pods.Delete(ObjectMetadata.Namespace(pod), ObjectMetadata.Name(pod), new DeleteOptions(null, ObjectMetadata.Uid(pod), null, "Background"));
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e) || StoreErrors.IsConflict(e))
            {
                // Gone or replaced meanwhile.
            }
        }
    }

    /// <summary>True when the object has owner references of known kinds and none of those owners exists.</summary>
    private static bool Orphaned(JsonObject obj, HashSet<string?> live)
    {
        if (ObjectMetadata.Of(obj)["ownerReferences"] is not JsonArray refs || refs.Count == 0)
        {
            return false;
        }

        return refs.All(r => (string?)r?["kind"] is { } kind && OwnerKinds.ContainsKey(kind) && (string?)r?["apiVersion"] == Apps.AppsGroup.ApiVersion && !live.Contains((string?)r?["uid"]));
    }
}
