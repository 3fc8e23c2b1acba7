using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Podvisor.Engine.Serialization;
using Podvisor.Server.Api;
using Podvisor.Server.Apps;
using Podvisor.Server.Controllers.ReplicaSets;
using Podvisor.Server.Store;

namespace Podvisor.Server.Controllers.Deployments;

/// <summary>
/// kube-controller-manager's Deployment controller (pkg/controller/deployment: deployment_controller.go, sync.go,
/// rolling.go, recreate.go, progress.go) over the store. Each pass, per Deployment: find the new ReplicaSet (the
/// one whose template equals the Deployment's but for <c>pod-template-hash</c>) or create it as
/// <c>&lt;deployment&gt;-&lt;hash&gt;</c>; keep the <c>revision</c> annotations; take one RollingUpdate or Recreate
/// step; remove old sets beyond <c>revisionHistoryLimit</c> once complete; write the status and its conditions.
/// </summary>
internal sealed class DeploymentController(ObjectStore store, AppsService apps, ControllerEvents events, TimeProvider time)
{
    /// <summary>Status counts upstream omits when zero (<c>omitempty</c>).</summary>
    private static readonly string[] OmittedWhenZero = ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas"];

    public void SyncAll()
    {
        foreach (var json in store.List(ResourceKind.Deployments, null).Items)
        {
            try
            {
                Sync(json);
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e) || StoreErrors.IsConflict(e))
            {
                // Deleted or changed during the pass: the next pass sees the new state.
            }
        }
    }

    private void Sync(JsonObject json)
    {
        var d = ModelSerializer.Deserialize<V1Deployment>(json.ToJsonString());
        if (d.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var ns = d.Metadata.NamespaceProperty;
        var sets = Owned(d);
        var template = TemplateJson(d.Spec.Template);
        var newSet = sets.Where(s => SameTemplate(s, template)).OrderBy(s => s.Metadata.CreationTimestamp).FirstOrDefault();
        var oldSets = sets.Where(s => s != newSet).ToList();
        var status = ModelSerializer.Deserialize<V1DeploymentStatus>(json["status"]?.ToJsonString() ?? "{}") ?? new V1DeploymentStatus();
        var before = ModelSerializer.Copy(status);
        var now = time.GetUtcNow();
        var desired = d.Spec.Replicas ?? 1;
        var strategy = DeploymentStrategy.Of(d.Spec.Strategy);
        var paused = d.Spec.Paused == true;
        DeploymentConditions.UpdatePaused(status, paused, d.Spec.ProgressDeadlineSeconds, now);

        var maxOldRevision = oldSets.Select(Revision).DefaultIfEmpty(0).Max();
        var newRevision = (maxOldRevision + 1).ToString(CultureInfo.InvariantCulture);
        if (newSet is not null && (Revision(newSet) < maxOldRevision + 1 || CopiedAnnotations(d).Any(a => newSet.Metadata.Annotations?.TryGetValue(a.Key, out var v) != true || v != a.Value)))
        {
            newSet = Annotate(newSet, Revision(newSet) < maxOldRevision + 1 ? newRevision : null, CopiedAnnotations(d));
        }

        if (newSet is not null && d.Spec.ProgressDeadlineSeconds is not null && DeploymentConditions.Get(status, DeploymentConditions.Progressing) is null)
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{newSet.Metadata.Name}\"", now));
        }

        if (paused)
        {
            // sync(): scaling only, no rollout, and no cleanup of history while a rollback could be wanted.
            var only = newSet ?? oldSets.Where(s => (s.Spec.Replicas ?? 0) > 0).OrderByDescending(s => s.Metadata.CreationTimestamp).FirstOrDefault();
            if (only is not null && !sets.Any(s => (s.Spec.Replicas ?? 0) > 0 && s != only))
            {
                Scale(d, json, only, desired, strategy);
            }
        }
        else if (strategy.Recreate)
        {
            newSet = Recreate(d, json, newSet, oldSets, status, template, newRevision, now);
        }
        else
        {
            newSet = Rolling(d, json, newSet, oldSets, status, template, newRevision, now, strategy);
        }

        // The status is computed from the sets as they are after this pass's writes.
        var current = Owned(d);
        var currentNew = newSet is null ? null : current.FirstOrDefault(s => s.Metadata.Uid == newSet.Metadata.Uid);
        var next = Calculate(d, current, currentNew, status, strategy, now);
        if (!paused && currentNew is not null)
        {
            DeploymentConditions.UpdateProgress(before, next, desired, d.Metadata.Generation ?? 1, d.Spec.ProgressDeadlineSeconds, currentNew.Metadata.Name, now);
            if (DeploymentConditions.Complete(desired, d.Metadata.Generation ?? 1, next))
            {
                Cleanup(d, current.Where(s => s != currentNew).ToList());
            }
        }

        Write(d, next, currentNew is null ? null : newRevision);
    }

    private V1ReplicaSet? Rolling(V1Deployment d, JsonObject json, V1ReplicaSet? newSet, List<V1ReplicaSet> oldSets, V1DeploymentStatus status, JsonObject template, string revision, DateTimeOffset now, DeploymentStrategy strategy)
    {
        var desired = d.Spec.Replicas ?? 1;
        var bounds = RolloutBounds.Resolve(strategy.MaxSurge, strategy.MaxUnavailable, desired);
        var oldTotal = oldSets.Sum(s => s.Spec.Replicas ?? 0);
        if (newSet is null)
        {
            var size = RollingPlan.NewReplicaSetSize(desired, bounds, 0, oldTotal);
            newSet = CreateNewSet(d, json, template, revision, size, status, now, strategy);
            if (newSet is null)
            {
                return null;
            }
        }
        else
        {
            var size = RollingPlan.NewReplicaSetSize(desired, bounds, newSet.Spec.Replicas ?? 0, oldTotal + (newSet.Spec.Replicas ?? 0));
            if (size != (newSet.Spec.Replicas ?? 0))
            {
                Scale(d, json, newSet, size, strategy);
                return newSet;
            }
        }

        var counts = oldSets.Select(Counts).ToList();
        var plan = RollingPlan.OldReplicaSetSizes(desired, RolloutBounds.MaxUnavailable(strategy, desired), Counts(newSet), counts);
        foreach (var (name, size) in plan)
        {
            Scale(d, json, oldSets.First(s => s.Metadata.Name == name), size, strategy);
        }

        return newSet;
    }

    private V1ReplicaSet? Recreate(V1Deployment d, JsonObject json, V1ReplicaSet? newSet, List<V1ReplicaSet> oldSets, V1DeploymentStatus status, JsonObject template, string revision, DateTimeOffset now)
    {
        var desired = d.Spec.Replicas ?? 1;
        var scaledDown = false;
        foreach (var old in oldSets.Where(s => (s.Spec.Replicas ?? 0) > 0))
        {
            Scale(d, json, old, 0, DeploymentStrategy.RecreateStrategy);
            scaledDown = true;
        }

        // Recreate waits until no old pod runs (terminating ones included) before any new pod starts.
        var oldUids = oldSets.Select(s => s.Metadata.Uid).ToHashSet();
        var oldRunning = oldSets.Any(s => (s.Status?.Replicas ?? 0) > 0) || store.List(ResourceKind.Pods, d.Metadata.NamespaceProperty).Items.Any(p =>
            OwnerReferences.ControllerOf(ModelSerializer.Deserialize<V1ObjectMeta>(ObjectMetadata.Of(p).ToJsonString()))?.Uid is { } uid && oldUids.Contains(uid)
            && (string?)p["status"]?["phase"] is not ("Succeeded" or "Failed"));
        if (scaledDown || oldRunning)
        {
            return newSet;
        }

        if (newSet is null)
        {
            return CreateNewSet(d, json, template, revision, desired, status, now, DeploymentStrategy.RecreateStrategy);
        }

        if ((newSet.Spec.Replicas ?? 0) != desired)
        {
            Scale(d, json, newSet, desired, DeploymentStrategy.RecreateStrategy);
        }

        return newSet;
    }

    /// <summary><c>getNewReplicaSet</c> with creation: the hash names it; a taken name bumps <c>collisionCount</c>.</summary>
    private V1ReplicaSet? CreateNewSet(V1Deployment d, JsonObject json, JsonObject template, string revision, int replicas, V1DeploymentStatus status, DateTimeOffset now, DeploymentStrategy strategy)
    {
        var hash = TemplateHash.Compute(template, status.CollisionCount);
        var name = d.Metadata.Name + "-" + hash;
        var podTemplate = ModelSerializer.Deserialize<V1PodTemplateSpec>(template.ToJsonString());
        podTemplate.Metadata ??= new V1ObjectMeta();
        podTemplate.Metadata.Labels = WithHash(podTemplate.Metadata.Labels, hash);
        var selector = ModelSerializer.Copy(d.Spec.Selector);
        selector.MatchLabels = WithHash(selector.MatchLabels, hash);
        var annotations = CopiedAnnotations(d);
        annotations[AppsGroup.RevisionAnnotation] = revision;
        SetReplicaAnnotations(annotations, d, strategy);
        var set = new V1ReplicaSet
        {
            ApiVersion = AppsGroup.ApiVersion,
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = d.Metadata.NamespaceProperty,
                Labels = WithHash(podTemplate.Metadata.Labels, hash),
                Annotations = annotations,
                OwnerReferences = [OwnerReferences.For(AppsGroup.ApiVersion, "Deployment", d.Metadata)],
            },
            Spec = new V1ReplicaSetSpec { Replicas = replicas, MinReadySeconds = d.Spec.MinReadySeconds ?? 0, Selector = selector, Template = podTemplate },
        };
        var body = JsonNode.Parse(ModelSerializer.Serialize(set))!.AsObject();
        try
        {
            var created = apps.Create(ResourceKind.ReplicaSets, d.Metadata.NamespaceProperty, body, "Strict", dryRun: false, warnings: []);
            if (replicas > 0)
            {
                events.Normal(ResourceKind.Deployments, json, ControllerEvents.DeploymentController, "ScalingReplicaSet", $"Scaled up replica set {name} from 0 to {replicas}");
            }

            if (d.Spec.ProgressDeadlineSeconds is not null)
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{name}\"", now));
            }

            return ModelSerializer.Deserialize<V1ReplicaSet>(created.ToJsonString());
        }
        catch (Exception e) when (StoreErrors.IsConflict(e))
        {
            // A set of that name with another template: hash again with the next collision count.
            status.CollisionCount = (status.CollisionCount ?? 0) + 1;
            return null;
        }
    }

    /// <summary><c>scaleReplicaSetAndRecordEvent</c>: new size and the desired/max annotations; the event says from what to what.</summary>
    private void Scale(V1Deployment d, JsonObject json, V1ReplicaSet set, int size, DeploymentStrategy strategy)
    {
        var from = set.Spec.Replicas ?? 0;
        store.Update(ResourceKind.ReplicaSets, set.Metadata.NamespaceProperty, set.Metadata.Name, current =>
        {
            var spec = current["spec"]!.AsObject();
            var metadata = ObjectMetadata.Of(current);
            var annotations = metadata["annotations"] as JsonObject ?? [];
            metadata["annotations"] = annotations;
            var wanted = new Dictionary<string, string>();
            SetReplicaAnnotations(wanted, d, strategy);
            var same = (long?)spec["replicas"] == size && wanted.All(w => (string?)annotations[w.Key] == w.Value);
            if (same)
            {
                return null;
            }

            if ((long?)spec["replicas"] != size)
            {
                spec["replicas"] = size;
                metadata["generation"] = ((long?)metadata["generation"] ?? 1) + 1;
            }

            foreach (var (key, value) in wanted)
            {
                annotations[key] = value;
            }

            return current;
        });
        if (from != size)
        {
            var direction = from < size ? "up" : "down";
            events.Normal(ResourceKind.Deployments, json, ControllerEvents.DeploymentController, "ScalingReplicaSet", $"Scaled {direction} replica set {set.Metadata.Name} from {from} to {size}");
        }
    }

    /// <summary><c>cleanupDeployment</c>: old sets beyond <c>revisionHistoryLimit</c> go, lowest revision first, if fully scaled down.</summary>
    private void Cleanup(V1Deployment d, List<V1ReplicaSet> oldSets)
    {
        if (d.Spec.RevisionHistoryLimit is not { } limit)
        {
            return;
        }

        var diff = oldSets.Count - limit;
        foreach (var set in oldSets.OrderBy(Revision).ThenBy(s => s.Metadata.CreationTimestamp).Take(Math.Max(0, diff)))
        {
            if ((set.Status?.Replicas ?? 0) != 0 || (set.Spec.Replicas ?? 0) != 0 || (set.Metadata.Generation ?? 1) > (set.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            try
            {
                store.Delete(ResourceKind.ReplicaSets, set.Metadata.NamespaceProperty, set.Metadata.Name);
            }
            catch (Exception e) when (StoreErrors.IsNotFound(e))
            {
                // Already gone.
            }
        }
    }

    /// <summary><c>calculateStatus</c>: counts summed over the sets, and the Available condition.</summary>
    private static V1DeploymentStatus Calculate(V1Deployment d, List<V1ReplicaSet> sets, V1ReplicaSet? newSet, V1DeploymentStatus status, DeploymentStrategy strategy, DateTimeOffset now)
    {
        var desired = d.Spec.Replicas ?? 1;
        var available = sets.Sum(s => s.Status?.AvailableReplicas ?? 0);
        var total = sets.Sum(s => s.Spec.Replicas ?? 0);
        var next = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation ?? 1,
            Replicas = sets.Sum(s => s.Status?.Replicas ?? 0),
            UpdatedReplicas = newSet?.Status?.Replicas ?? 0,
            ReadyReplicas = sets.Sum(s => s.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = status.CollisionCount,
            Conditions = status.Conditions is null ? null : [.. status.Conditions],
        };
        DeploymentConditions.UpdateAvailable(next, desired, RolloutBounds.MaxUnavailable(strategy, desired), now);
        return next;
    }

    private void Write(V1Deployment d, V1DeploymentStatus next, string? revision)
    {
        var statusJson = JsonNode.Parse(ModelSerializer.Serialize(next))!.AsObject();
        // Upstream's status omits zero counts (omitempty).
        foreach (var key in OmittedWhenZero)
        {
            if ((int?)statusJson[key] == 0)
            {
                statusJson.Remove(key);
            }
        }

        store.Update(ResourceKind.Deployments, d.Metadata.NamespaceProperty, d.Metadata.Name, current =>
        {
            if (ObjectMetadata.Uid(current) != d.Metadata.Uid)
            {
                return null;
            }

            var changed = false;
            if (revision is not null)
            {
                var metadata = ObjectMetadata.Of(current);
                var annotations = metadata["annotations"] as JsonObject ?? [];
                if ((string?)annotations[AppsGroup.RevisionAnnotation] != revision)
                {
                    annotations[AppsGroup.RevisionAnnotation] = revision;
                    metadata["annotations"] = annotations;
                    changed = true;
                }
            }

            // A spec changed since this pass read it: its generation is not observed yet.
            if ((long?)ObjectMetadata.Of(current)["generation"] != d.Metadata.Generation)
            {
                statusJson["observedGeneration"] = current["status"]?["observedGeneration"]?.DeepClone();
            }

            if (!JsonNode.DeepEquals(current["status"], statusJson))
            {
                current["status"] = statusJson;
                changed = true;
            }

            return changed ? current : null;
        });
    }

    /// <summary>
    /// <c>SetNewReplicaSetAnnotations</c> on an existing new set: the Deployment's annotations (a later
    /// <c>kubernetes.io/change-cause</c> too) and, when a rollback brought it back, the next revision.
    /// </summary>
    private V1ReplicaSet Annotate(V1ReplicaSet set, string? revision, Dictionary<string, string> copied)
    {
        var updated = store.Update(ResourceKind.ReplicaSets, set.Metadata.NamespaceProperty, set.Metadata.Name, current =>
        {
            var metadata = ObjectMetadata.Of(current);
            var annotations = metadata["annotations"] as JsonObject ?? [];
            metadata["annotations"] = annotations;
            foreach (var (key, value) in copied)
            {
                annotations[key] = value;
            }

            if (revision is null)
            {
                return current;
            }

            // The revision it had is kept in revision-history, as upstream does when a rollback reuses a set.
            if ((string?)annotations[AppsGroup.RevisionAnnotation] is { Length: > 0 } old)
            {
                var history = (string?)annotations[AppsGroup.RevisionHistoryAnnotation];
                annotations[AppsGroup.RevisionHistoryAnnotation] = string.IsNullOrEmpty(history) ? old : history + "," + old;
            }

            annotations[AppsGroup.RevisionAnnotation] = revision;
            return current;
        });
        return ModelSerializer.Deserialize<V1ReplicaSet>(updated.ToJsonString());
    }

    /// <summary>The Deployment's annotations a new set carries (upstream's <c>skipCopyAnnotation</c> leaves these out).</summary>
    private static Dictionary<string, string> CopiedAnnotations(V1Deployment d) =>
        (d.Metadata.Annotations ?? new Dictionary<string, string>())
            .Where(a => a.Key is not (AppsGroup.LastAppliedAnnotation or AppsGroup.RevisionAnnotation or AppsGroup.RevisionHistoryAnnotation or AppsGroup.DesiredReplicasAnnotation or AppsGroup.MaxReplicasAnnotation))
            .ToDictionary(a => a.Key, a => a.Value);

    private List<V1ReplicaSet> Owned(V1Deployment d) =>
        store.List(ResourceKind.ReplicaSets, d.Metadata.NamespaceProperty).Items
            .Select(s => ModelSerializer.Deserialize<V1ReplicaSet>(s.ToJsonString()))
            .Where(s => OwnerReferences.ControllerOf(s.Metadata)?.Uid == d.Metadata.Uid)
            .ToList();

    private static void SetReplicaAnnotations(Dictionary<string, string> annotations, V1Deployment d, DeploymentStrategy strategy)
    {
        var desired = d.Spec.Replicas ?? 1;
        annotations[AppsGroup.DesiredReplicasAnnotation] = desired.ToString(CultureInfo.InvariantCulture);
        annotations[AppsGroup.MaxReplicasAnnotation] = (desired + RolloutBounds.MaxSurge(strategy, desired)).ToString(CultureInfo.InvariantCulture);
    }

    private static SetCounts Counts(V1ReplicaSet set) => new(
        set.Metadata.Name,
        set.Spec.Replicas ?? 0,
        set.Status?.AvailableReplicas ?? 0,
        set.Metadata.CreationTimestamp is { } created ? PodFacts.Utc(created) : DateTimeOffset.MinValue);

    private static long Revision(V1ReplicaSet set) =>
        set.Metadata.Annotations?.TryGetValue(AppsGroup.RevisionAnnotation, out var text) == true && long.TryParse(text, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    private static Dictionary<string, string> WithHash(IDictionary<string, string>? labels, string hash)
    {
        var copy = labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(labels);
        copy[AppsGroup.PodTemplateHashLabel] = hash;
        return copy;
    }

    private static JsonObject TemplateJson(V1PodTemplateSpec template) => JsonNode.Parse(ModelSerializer.Serialize(template))!.AsObject();

    /// <summary><c>EqualIgnoreHash</c>: the set's template equals the Deployment's once its hash label is dropped.</summary>
    private static bool SameTemplate(V1ReplicaSet set, JsonObject template)
    {
        var theirs = TemplateJson(set.Spec.Template);
        if (theirs["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(AppsGroup.PodTemplateHashLabel);
            if (labels.Count == 0)
            {
                theirs["metadata"]!.AsObject().Remove("labels");
            }
        }

        return JsonNode.DeepEquals(Canonical(theirs), Canonical(template));
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
