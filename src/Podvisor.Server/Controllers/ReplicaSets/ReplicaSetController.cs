using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Api;
using Podvisor.Server.Apps;
using Podvisor.Server.Store;

namespace Podvisor.Server.Controllers.ReplicaSets;

/// <summary>
/// kube-controller-manager's ReplicaSet controller (pkg/controller/replicaset/replica_set.go) over the store:
/// each pass counts the active pods a set controls, creates the missing ones from its template (named
/// <c>&lt;set&gt;-&lt;5 chars&gt;</c>, owned with <c>controller</c> and <c>blockOwnerDeletion</c>), deletes the surplus in
/// <see cref="PodDeletionOrder"/>, and writes the status counts. Reads are the store's own (no informer lag), so
/// upstream's expectations are not needed. Orphan pods matching the selector are not adopted.
/// </summary>
internal sealed class ReplicaSetController(ObjectStore store, PodService pods, ControllerEvents events, TimeProvider time)
{
    /// <summary>Upstream's <c>BurstReplicas</c>: at most this many creations or deletions per pass.</summary>
    public const int BurstReplicas = 500;

    /// <summary>Status counts upstream omits when zero (<c>omitempty</c>); <c>replicas</c> is always written.</summary>
    private static readonly string[] OmittedWhenZero = ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"];

    /// <summary>Syncs every ReplicaSet; returns true when it created or deleted a pod.</summary>
    public bool SyncAll()
    {
        var changed = false;
        var sets = store.List(ResourceKind.ReplicaSets, null).Items;
        if (sets.Count == 0)
        {
            return false;
        }

        // A set only counts the pods it controls, which carry an owner reference: the others are not parsed
        // (with a thousand unowned pods, parsing them all on every pass made this the server's busiest code).
        var allPods = store.ListMentioning(ResourceKind.Pods, null, OwnerReferences.FieldText)
            .Select(p => ModelSerializer.Deserialize<V1Pod>(p.ToJsonString())).ToList();
        foreach (var json in sets)
        {
            var set = ModelSerializer.Deserialize<V1ReplicaSet>(json.ToJsonString());
            var ns = set.Metadata.NamespaceProperty;
            var owned = allPods.Where(p => p.Metadata.NamespaceProperty == ns && OwnerReferences.ControllerOf(p.Metadata)?.Uid == set.Metadata.Uid).ToList();
            var siblings = RelatedPods(set, sets, allPods);
            try
            {
                changed |= Manage(json, set, owned, siblings);
                WriteStatus(set, owned);
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e) || StoreErrors.IsConflict(e))
            {
                // The set or its namespace went during the pass; the others still get theirs.
            }
        }

        return changed;
    }

    private bool Manage(JsonObject json, V1ReplicaSet set, List<V1Pod> owned, List<V1Pod> related)
    {
        var active = owned.Where(PodFacts.IsActive).ToList();
        var diff = active.Count - (set.Spec.Replicas ?? 1);
        if (diff < 0)
        {
            for (var i = 0; i < Math.Min(-diff, BurstReplicas); i++)
            {
                string name;
                try
                {
                    name = Create(set);
                }
                catch (ApiException e) when (e.Code is 403 or 422)
                {
                    events.Warning(ResourceKind.ReplicaSets, json, ControllerEvents.ReplicaSetController, "FailedCreate", $"Error creating: {e.Message}");
                    return false;
                }

                events.Normal(ResourceKind.ReplicaSets, json, ControllerEvents.ReplicaSetController, "SuccessfulCreate", $"Created pod: {name}");
            }

            return true;
        }

        if (diff > 0)
        {
            var now = time.GetUtcNow();
            var order = new PodDeletionOrder(now);
            var victims = active
                .Select(p => (Pod: p, Rank: Rank(p, related)))
                .OrderBy(x => x.Rank, order)
                .Take(Math.Min(diff, BurstReplicas))
                .Select(x => x.Pod);
            foreach (var pod in victims)
            {
                try
                {
                    pods.Delete(pod.Metadata.NamespaceProperty, pod.Metadata.Name, new DeleteOptions(null, pod.Metadata.Uid, null, null));
                    events.Normal(ResourceKind.ReplicaSets, json, ControllerEvents.ReplicaSetController, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
                }
                catch (Exception e) when (StoreErrors.IsNotFound(e) || StoreErrors.IsConflict(e))
                {
                    // Deleted or replaced meanwhile.
                }
            }

            return true;
        }

        return false;
    }

    private string Create(V1ReplicaSet set)
    {
        var template = set.Spec.Template;
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = NameSuffix.Append(set.Metadata.Name + "-"),
                GenerateName = set.Metadata.Name + "-",
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = template.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                OwnerReferences = [OwnerReferences.For(AppsGroup.ApiVersion, "ReplicaSet", set.Metadata)],
            },
            // A private copy: the template stays the set's.
            Spec = ModelSerializer.Copy(template.Spec),
        };
        var created = pods.Create(set.Metadata.NamespaceProperty, pod, dryRun: false, warnings: []);
        return ObjectMetadata.Name(created);
    }

    /// <summary>The pods of every set with the same controller (upstream ranks doubled-up pods among those).</summary>
    private static List<V1Pod> RelatedPods(V1ReplicaSet set, IReadOnlyList<JsonObject> sets, List<V1Pod> allPods)
    {
        var owner = OwnerReferences.ControllerOf(set.Metadata)?.Uid;
        var uids = owner is null
            ? [set.Metadata.Uid]
            : sets.Where(s => (s["metadata"]?["ownerReferences"] as JsonArray)?.Any(r => (string?)r?["uid"] == owner && (bool?)r?["controller"] == true) == true)
                .Select(ObjectMetadata.Uid).ToHashSet();
        return allPods.Where(p => PodFacts.IsActive(p) && OwnerReferences.ControllerOf(p.Metadata)?.Uid is { } uid && uids.Contains(uid)).ToList();
    }

    private static PodRank Rank(V1Pod pod, List<V1Pod> related)
    {
        var node = pod.Spec?.NodeName;
        var sameNode = string.IsNullOrEmpty(node) ? 0 : related.Count(p => p.Spec?.NodeName == node);
        var cost = pod.Metadata.Annotations?.TryGetValue("controller.kubernetes.io/pod-deletion-cost", out var text) == true
            && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return new PodRank(
            pod.Metadata.Name,
            pod.Metadata.Uid ?? string.Empty,
            !string.IsNullOrEmpty(node),
            pod.Status?.Phase,
            PodFacts.IsReady(pod),
            cost,
            sameNode,
            PodFacts.ReadySince(pod),
            PodFacts.MaxRestarts(pod),
            pod.Metadata.CreationTimestamp is { } created ? PodFacts.Utc(created) : null);
    }

    /// <summary><c>calculateStatus</c>: counts of the active pods, written only when they change.</summary>
    private void WriteStatus(V1ReplicaSet set, List<V1Pod> owned)
    {
        var now = time.GetUtcNow();
        var minReady = set.Spec.MinReadySeconds ?? 0;
        var active = owned.Where(PodFacts.IsActive).ToList();
        var templateLabels = set.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>();
        var status = new JsonObject
        {
            ["replicas"] = active.Count,
            ["fullyLabeledReplicas"] = active.Count(p => templateLabels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)),
            ["readyReplicas"] = active.Count(PodFacts.IsReady),
            ["availableReplicas"] = active.Count(p => PodFacts.IsAvailable(p, minReady, now)),
            ["observedGeneration"] = set.Metadata.Generation ?? 1,
        };
        try
        {
            store.Update(ResourceKind.ReplicaSets, set.Metadata.NamespaceProperty, set.Metadata.Name, current =>
            {
                if (ObjectMetadata.Uid(current) != set.Metadata.Uid)
                {
                    return null;
                }

                var next = status.DeepClone().AsObject();
                // Upstream omits zero counts (omitempty) except replicas.
                foreach (var key in OmittedWhenZero)
                {
                    if ((int?)next[key] == 0)
                    {
                        next.Remove(key);
                    }
                }

                if (current["status"]?["conditions"] is { } conditions)
                {
                    next["conditions"] = conditions.DeepClone();
                }

                if (JsonNode.DeepEquals(current["status"], next))
                {
                    return null;
                }

                current["status"] = next;
                return current;
            });
        }
        catch (Exception e) when (StoreErrors.IsNotFound(e))
        {
            // Deleted during the pass.
        }
    }
}
